using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

/// <summary>
/// Runs one file-system step through the real engine against a real temporary folder (<see cref="Root"/>);
/// the AWS examples' absolute paths become paths under it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public abstract class TransferTestBase : EngineTestBase
{
    /// <summary>The test's own folder: "/" of the examples.</summary>
    protected string Root => Path.Combine(_h.Root, "fs");

    [SetUp]
    public void CreateRoot() => Directory.CreateDirectory(Root);

    /// <summary>An example path ("/Sample/MyFolder/Sample.txt") under <see cref="Root"/>.</summary>
    protected string P(string examplePath) => Root + examplePath;

    protected string Write(string examplePath, string content)
    {
        var path = P(examplePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    protected static string Read(string path) => File.ReadAllText(path);

    /// <summary>Runs <paramref name="action"/> with <paramref name="inputs"/> (YAML under <c>inputs:</c>) as step "S".</summary>
    protected async Task<StepReport> Run(string action, string inputs)
    {
        await _h.RunAsync(EngineHarness.Yaml(EngineHarness.Step("S", action, inputs)));
        return _h.Step("build", "S");
    }

    protected static void ShouldSucceed(StepReport step) =>
        step.Status.Should().Be(Statuses.Success, step.FailureMessage);

    protected static void ShouldFail(StepReport step, params string[] fragments)
    {
        step.Status.Should().Be(Statuses.Failed);
        foreach (var fragment in fragments)
        {
            step.FailureMessage.Should().Contain(fragment);
        }
    }

    /// <summary>Every entry under <paramref name="folder"/> (relative path → content, "dir" or "-> link"), to prove nothing changed.</summary>
    protected static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return result;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            var relative = Path.GetRelativePath(folder, path);
            result[relative] = info.LinkTarget is { } link ? "-> " + link
                : Directory.Exists(path) ? "dir"
                : File.ReadAllText(path);
        }

        return result;
    }

    /// <summary>Temporary names Toe may leave behind only by mistake.</summary>
    protected static IEnumerable<string> Leftovers(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*.toe-*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });

    /// <summary>
    /// Makes <paramref name="folder"/> refuse new entries even to root (chattr +i); returns an undo action,
    /// or ignores the test when the file system or the user cannot do that. Non-root users get chmod 0555.
    /// </summary>
    protected static Action Lock(string folder)
    {
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            return () => File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (Exec("chattr", "+i", folder) != 0)
        {
            Assert.Ignore("chattr +i is not available here; cannot make a folder read-only for root");
        }

        return () => Exec("chattr", "-i", folder);
    }

    protected static int Exec(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>A folder on another file system than <see cref="Root"/> (tmpfs /dev/shm), or the test is ignored.</summary>
    protected string OtherFileSystemFolder()
    {
        const string shm = "/dev/shm";
        if (!Directory.Exists(shm) || Exec("sh", "-c", $"[ \"$(stat -c %d {shm})\" != \"$(stat -c %d '{Root}')\" ]") != 0)
        {
            Assert.Ignore("no second file system (/dev/shm) to move across");
        }

        var folder = Path.Combine(shm, "toe-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        _cleanup.Add(() => Directory.Delete(folder, recursive: true));
        return folder;
    }

    /// <summary>A Unix socket file: an entry that exists but cannot be read like a file.</summary>
    protected Socket BindSocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        _cleanup.Add(socket.Dispose);
        return socket;
    }

    private readonly List<Action> _cleanup = [];

    [TearDown]
    public void CleanUp()
    {
        foreach (var action in _cleanup)
        {
            try
            {
                action();
            }
            catch (IOException)
            {
            }
        }

        _cleanup.Clear();
    }
}

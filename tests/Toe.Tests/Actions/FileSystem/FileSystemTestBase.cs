using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using Toe.Tests.Validation;

namespace Toe.Tests.Actions.FileSystem;

/// <summary>
/// Runs file-system steps through the real engine against a real temporary folder (<see cref="Dir"/>), and
/// the real binary for relative paths and for permission checks (as an unprivileged user when tests run as root).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class FileSystemTestBase : EngineTestBase
{
    /// <summary>The test's own folder for files (the harness root also holds the run's logs).</summary>
    protected string Dir => Path.Combine(_h.Root, "fs");

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(Dir);

    protected string At(params string[] parts) => Path.Combine([Dir, .. parts]);

    protected string Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    protected string WriteBytes(string relative, byte[] bytes)
    {
        var path = At(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs one step named "Step"; the document must pass validation first unless <paramref name="validate"/> is false.</summary>
    protected async Task<StepReport> RunStep(string action, string inputs, string? extra = null, bool validate = true)
    {
        var yaml = EngineHarness.Yaml(EngineHarness.Step("Step", action, inputs, extra));
        await RunDocument(yaml, validate);
        return _h.Step("build", "Step");
    }

    protected async Task RunDocument(string yaml, bool validate = true)
    {
        if (validate)
        {
            Check.Errors(yaml).Should().BeEmpty("the test document must be valid:\n" + yaml);
        }

        await _h.RunAsync(yaml);
    }

    protected static string Output(StepReport step, string key) =>
        JsonNode.Parse(step.Outputs)!.AsArray()[0]![key]!.GetValue<string>();

    protected string ConsoleLog => _h.ReadLog("console.log");

    protected static void ShouldHaveFailed(StepReport step, string message)
    {
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be(message);
    }

    protected static void ShouldHaveSucceeded(StepReport step) =>
        step.Status.Should().Be(Statuses.Success, step.FailureMessage);

    /// <summary>Files Toe's atomic writes would leave behind if they failed to clean up.</summary>
    protected static string[] TemporaryFiles(string folder) => Directory.GetFiles(folder, "*.toe-*.tmp", SearchOption.AllDirectories);

    /// <summary>
    /// Runs the binary with <paramref name="workingDirectory"/> as its working directory on a document written
    /// there, logs in a folder of their own; returns the result and the detailedoutput.json step report.
    /// </summary>
    protected static (ToeProcess.Result Result, JsonNode Step) RunBinary(string workingDirectory, string yaml, bool unprivileged = false)
    {
        File.WriteAllText(Path.Combine(workingDirectory, "doc.yml"), yaml);
        var logs = Path.Combine(Path.GetTempPath(), "toe-fs-logs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(logs);
        try
        {
            ToeProcess.Result result;
            if (unprivileged)
            {
                File.SetUnixFileMode(logs, (UnixFileMode)0b111_111_111);
                result = Unprivileged.Run(workingDirectory, "run", "--documents", "doc.yml", "--log-directory", logs);
            }
            else
            {
                result = ToeProcess.RunIn(workingDirectory, "run", "--documents", "doc.yml", "--log-directory", logs);
            }

            var report = Directory.GetFiles(logs, "detailedoutput.json", SearchOption.AllDirectories);
            report.Should().ContainSingle(result.Stdout + result.Stderr);
            var step = JsonNode.Parse(File.ReadAllText(report[0]))!["documents"]![0]!["phases"]![0]!["steps"]![0]!;
            return (result, step);
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }
}

/// <summary>
/// Runs the binary as an unprivileged user (nobody, through setpriv) when the tests run as root, since root may
/// write anywhere and permission errors could not be seen otherwise; as itself when the tests are not root.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class Unprivileged
{
    public const int Nobody = 65534;

    public static bool IsRoot => Environment.UserName == "root";

    public static ToeProcess.Result Run(string workingDirectory, params string[] args)
    {
        var info = ToeProcess.StartInfo(args, workingDirectory);
        if (IsRoot)
        {
            if (!File.Exists("/usr/bin/setpriv"))
            {
                Assert.Ignore("running as root without setpriv: cannot drop privileges to see a permission error");
            }

            var inner = new[] { info.FileName }.Concat(info.ArgumentList).ToList();
            info.FileName = "/usr/bin/setpriv";
            info.ArgumentList.Clear();
            foreach (var arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups" }.Concat(inner))
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("toe did not finish within 60 s");
        }

        return new ToeProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Makes the folders above <paramref name="path"/> passable and the folder itself readable for nobody.</summary>
    public static void OpenUp(string path)
    {
        for (var folder = new DirectoryInfo(path); folder is not null && folder.FullName != Path.GetTempPath().TrimEnd('/'); folder = folder.Parent)
        {
            folder.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.OtherRead;
        }
    }
}

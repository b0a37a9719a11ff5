using System.Diagnostics;
using NUnit.Framework;

namespace Toe.Tests.Actions.FileSystem;

/// <summary>
/// A real user and two groups for the ownership tests, created once for every fixture of this namespace
/// (useradd/groupadd with a unique name) and removed afterwards. Only root can create them and give
/// files away; as an ordinary user the tests that need them are ignored with the reason.
/// </summary>
[SetUpFixture]
public sealed class PosixTestAccounts
{
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The test user; its primary group has the same name.</summary>
    public static string User { get; } = "toeu" + Suffix;

    /// <summary>The test user's primary group.</summary>
    public static string PrimaryGroup => User;

    /// <summary>A second group the test user is a member of.</summary>
    public static string OtherGroup { get; } = "toeg" + Suffix;

    public static bool Created { get; private set; }

    public static string Uid => Posix.Run("id", "-u", User).Trim();

    public static string PrimaryGid => Posix.Run("getent", "group", PrimaryGroup).Split(':')[2];

    public static string OtherGid => Posix.Run("getent", "group", OtherGroup).Split(':')[2];

    [OneTimeSetUp]
    public void CreateAccounts()
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return;
        }

        Posix.RunWithLockRetry("groupadd", PrimaryGroup);
        Posix.RunWithLockRetry("groupadd", OtherGroup);
        Posix.RunWithLockRetry("useradd", "--no-create-home", "--gid", PrimaryGroup, "--groups", OtherGroup, "--shell", "/usr/sbin/nologin", User);
        Created = true;
    }

    [OneTimeTearDown]
    public void RemoveAccounts()
    {
        if (!Created)
        {
            return;
        }

        Posix.RunWithLockRetry("userdel", User);
        Posix.RunWithLockRetry("groupdel", OtherGroup);
        Posix.TryRun("groupdel", PrimaryGroup); // userdel usually removes it already
        Created = false;
    }

    /// <summary>Ignores the calling test unless it runs as root with the test accounts in place.</summary>
    public static void RequireRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX owners and permissions do not exist on Windows");
        }

        if (!Created)
        {
            Assert.Ignore("needs root: only root can create the test user and give files to another user; run the tests as root (e.g. in the CI container)");
        }
    }
}

/// <summary>Small real-process helpers: stat, id, and running the toe binary as the test user.</summary>
public static class Posix
{
    /// <summary>"owner:group:mode" of an entry as stat(1) prints it (names, octal mode without leading zeros); links not followed.</summary>
    public static string Stat(string path) => Run("stat", "-c", "%U:%G:%a", path).Trim();

    /// <summary>The entry's mode in octal as stat prints it ("644", "4755").</summary>
    public static string Mode(string path) => Run("stat", "-c", "%a", path).Trim();

    /// <summary>The process umask (every child process, and the in-process engine, create files with it).</summary>
    public static int Umask()
    {
        var line = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Umask:", StringComparison.Ordinal));
        return Convert.ToInt32(line["Umask:".Length..].Trim(), 8);
    }

    /// <summary>What stat prints for the default mode of a new entry (0666 or 0777 minus the umask).</summary>
    public static string DefaultMode(int requested) => Convert.ToString(requested & ~Umask(), 8);

    public static string Run(string file, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}: {stderr}");
        }

        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) TryRun(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>useradd and friends fail while another process holds the account files' lock; try a few times.</summary>
    public static void RunWithLockRetry(string file, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, _, stderr) = TryRun(file, args);
            if (code == 0)
            {
                return;
            }

            if (attempt == 10 || !stderr.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {code}: {stderr}");
            }

            Thread.Sleep(200 * attempt);
        }
    }

    /// <summary>
    /// Runs the real toe binary as the ordinary test user (setpriv drops root's uid, gid and groups) in
    /// <paramref name="workingDirectory"/>, which that user must be able to write.
    /// </summary>
    public static Support.ToeProcess.Result RunToeAsTestUser(string workingDirectory, params string[] args)
    {
        var toe = Support.ToeProcess.StartInfo(args, workingDirectory);
        var info = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { "--reuid", PosixTestAccounts.User, "--regid", PosixTestAccounts.PrimaryGroup, "--init-groups", "--", toe.FileName })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in toe.ArgumentList)
        {
            info.ArgumentList.Add(arg);
        }

        // dotnet (when TOE_BIN is not set) wants a writable home.
        info.Environment["HOME"] = workingDirectory;
        info.Environment["DOTNET_CLI_HOME"] = workingDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("toe as the test user did not finish within 60 s");
        }

        process.WaitForExit();
        return new Support.ToeProcess.Result(process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>A folder the test user owns, under <paramref name="parent"/>.</summary>
    public static string FolderOwnedByTestUser(string parent, string name = "user")
    {
        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        Run("chown", $"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}", folder);
        return folder;
    }
}

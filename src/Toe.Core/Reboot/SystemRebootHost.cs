using System.Diagnostics;
using System.Text;

namespace Toe.Reboot;

/// <summary>
/// The real machine: on Linux a systemd unit where systemd runs (else an <c>@reboot</c> crontab line, as
/// AWSTOE does), on Windows a Task Scheduler task at system start-up. Each trigger removes itself when the
/// resumed run starts (<see cref="RemoveResumeTrigger"/>). Needs root (Administrator on Windows).
/// </summary>
public sealed class SystemRebootHost : IRebootHost
{
    public const string UnitName = "toe-resume.service";
    public const string UnitPath = "/etc/systemd/system/" + UnitName;
    public const string CrontabMarker = "# toe-resume";
    public const string WindowsTaskName = "ToeResume";

    public static SystemRebootHost Instance { get; } = new();

    private static bool HasSystemd => Directory.Exists("/run/systemd/system");

    public void RegisterResumeTrigger(IReadOnlyList<string> command, string workingDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            Run("schtasks", "/Create", "/F", "/TN", WindowsTaskName, "/SC", "ONSTART", "/RU", "SYSTEM", "/TR", ResumeTriggers.WindowsCommand(command, workingDirectory));
        }
        else if (HasSystemd)
        {
            File.WriteAllText(UnitPath, ResumeTriggers.SystemdUnit(command, workingDirectory));
            Run("systemctl", "daemon-reload");
            Run("systemctl", "enable", UnitName);
        }
        else
        {
            var lines = ReadCrontab().Where(l => !l.Contains(CrontabMarker, StringComparison.Ordinal)).Append(ResumeTriggers.CrontabLine(command, workingDirectory));
            Run("crontab", ["-"], string.Join("\n", lines) + "\n");
        }
    }

    public void RemoveResumeTrigger()
    {
        if (OperatingSystem.IsWindows())
        {
            TryRun("schtasks", "/Delete", "/F", "/TN", WindowsTaskName);
            return;
        }

        if (File.Exists(UnitPath))
        {
            TryRun("systemctl", "disable", UnitName);
            File.Delete(UnitPath);
            TryRun("systemctl", "daemon-reload");
        }

        var crontab = ReadCrontab();
        if (crontab.Any(l => l.Contains(CrontabMarker, StringComparison.Ordinal)))
        {
            Run("crontab", ["-"], string.Join("\n", crontab.Where(l => !l.Contains(CrontabMarker, StringComparison.Ordinal))) + "\n");
        }
    }

    public async Task RebootAsync(int delaySeconds, CancellationToken cancellationToken)
    {
        if (delaySeconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(delaySeconds), cancellationToken).ConfigureAwait(false);
        }

        if (OperatingSystem.IsWindows())
        {
            Run("shutdown", "/r", "/t", "0");
        }
        else if (HasSystemd)
        {
            Run("systemctl", "reboot");
        }
        else
        {
            Run("shutdown", "-r", "now");
        }
    }

    private static List<string> ReadCrontab()
    {
        // "crontab -l" fails when the user has no crontab yet: that is an empty one.
        var (code, output) = Execute("crontab", ["-l"], null);
        return code == 0 ? [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)] : [];
    }

    private static void Run(string program, params string[] arguments) => Run(program, arguments, null);

    private static void Run(string program, string[] arguments, string? input)
    {
        var (code, output) = Execute(program, arguments, input);
        if (code != 0)
        {
            throw new IOException($"'{program} {string.Join(' ', arguments)}' failed with exit code {code}: {output.Trim()}");
        }
    }

    private static void TryRun(string program, params string[] arguments) => Execute(program, arguments, null);

    private static (int Code, string Output) Execute(string program, string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = input is not null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new IOException($"cannot start {program}");
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"cannot run {program}: {ex.Message}");
        }
    }
}

/// <summary>The text of each kind of boot trigger: pure functions, tested on every platform.</summary>
public static class ResumeTriggers
{
    /// <summary>A oneshot unit that runs once the network is up and removes itself when the run resumes.</summary>
    public static string SystemdUnit(IReadOnlyList<string> command, string workingDirectory) => new StringBuilder()
        .Append("# Written by toe: resumes a run interrupted by a reboot; removed when the run resumes.\n")
        .Append("[Unit]\nDescription=Resume the Toe run interrupted by a reboot\nAfter=network-online.target\nWants=network-online.target\n\n")
        .Append("[Service]\nType=oneshot\n")
        .Append("WorkingDirectory=").Append(SystemdQuote(workingDirectory)).Append('\n')
        .Append("ExecStart=").Append(string.Join(' ', command.Select(SystemdQuote))).Append('\n')
        .Append("StandardOutput=journal\nStandardError=journal\n\n")
        .Append("[Install]\nWantedBy=multi-user.target\n")
        .ToString();

    /// <summary>An <c>@reboot</c> line for root's crontab, with <see cref="SystemRebootHost.CrontabMarker"/> so it can be found and removed.</summary>
    public static string CrontabLine(IReadOnlyList<string> command, string workingDirectory) =>
        $"@reboot cd {ShellQuote(workingDirectory)} && {string.Join(' ', command.Select(ShellQuote))} {SystemRebootHost.CrontabMarker}"
            .Replace("%", "\\%", StringComparison.Ordinal); // cron turns an unescaped % into a newline

    /// <summary>The /TR value of schtasks: cmd.exe changes to the folder, then runs the command.</summary>
    public static string WindowsCommand(IReadOnlyList<string> command, string workingDirectory) =>
        $"cmd.exe /c cd /d \"{workingDirectory}\" && {string.Join(' ', command.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a))}";

    /// <summary>POSIX shell quoting: single quotes, with each ' written as '\''.</summary>
    public static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>systemd quoting: double quotes with C escapes; % and $ doubled so systemd expands nothing.</summary>
    public static string SystemdQuote(string value)
    {
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
        return $"\"{escaped}\"";
    }
}

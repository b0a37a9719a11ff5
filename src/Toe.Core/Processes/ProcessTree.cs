using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Toe.Processes;

/// <summary>
/// Finds and ends the processes a step started. See docs/adr/0001-process-tree-termination.md.
/// A step's tree is every live descendant of its root process, plus every process whose
/// environment carries the step's marker variable (that catches background jobs that were
/// orphaned, <c>(cmd &amp;)</c>, and daemons that re-parented themselves), plus descendants of
/// anything seen in an earlier scan. Linux reads /proc; other Unix systems fall back to <c>ps</c>
/// (descendants only, no marker).
/// </summary>
public static partial class ProcessTree
{
    /// <summary>Environment variable set in every step's process; its value is unique per process run.</summary>
    public const string MarkerVariable = "TOE_PROCESS_MARKER";

    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// SIGINT to the tree, wait; SIGTERM, wait; SIGKILL, wait. Returns as soon as the root has
    /// exited and no process of the tree is left.
    /// </summary>
    public static async Task TerminateAsync(int rootPid, string marker, Task rootExited, ProcessTerminationOptions options, Action<string>? log)
    {
        if (OperatingSystem.IsWindows())
        {
            // Toe runs bash steps on Linux and macOS only; Windows modules come later.
            try
            {
                using var root = Process.GetProcessById(rootPid);
                root.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }

            return;
        }

        var known = new Dictionary<int, ulong>();
        var stages = new (int Signal, string Name, TimeSpan Wait)[]
        {
            (SIGINT, "SIGINT", options.InterruptGrace),
            (SIGTERM, "SIGTERM", options.TerminateGrace),
            (SIGKILL, "SIGKILL", options.KillWait),
        };

        foreach (var (signal, name, wait) in stages)
        {
            var targets = Find(rootPid, marker, known, rootAlive: !rootExited.IsCompleted);
            if (targets.Count == 0 && rootExited.IsCompleted)
            {
                return;
            }

            log?.Invoke($"sending {name} to process tree of {rootPid}: {string.Join(' ', targets)}");
            var signalled = new HashSet<int>(targets);
            foreach (var pid in targets)
            {
                _ = Kill(pid, signal);
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(PollInterval).ConfigureAwait(false);
                var left = Find(rootPid, marker, known, rootAlive: !rootExited.IsCompleted);
                if (rootExited.IsCompleted && left.Count == 0)
                {
                    log?.Invoke($"process tree of {rootPid} ended after {name}");
                    return;
                }

                // Processes forked since the last scan get this stage's signal too; under SIGKILL
                // everything found is signalled again, so a fork loop cannot outrun the scans.
                foreach (var pid in left)
                {
                    if (signal == SIGKILL || signalled.Add(pid))
                    {
                        _ = Kill(pid, signal);
                    }
                }
            }
        }

        log?.Invoke($"process tree of {rootPid} did not end after SIGKILL; giving up");
    }

    /// <summary>The live (non-zombie) processes of the tree, excluding the calling process.</summary>
    /// <param name="rootAlive">
    /// False once the root has been reaped: its pid may then belong to an unrelated process, so it is
    /// no longer a seed (its descendants are still found through <paramref name="known"/> and the marker).
    /// </param>
    public static IReadOnlyList<int> Find(int rootPid, string? marker, Dictionary<int, ulong>? known = null, bool rootAlive = true)
    {
        known ??= [];
        var table = OperatingSystem.IsLinux() ? ReadProcTable() : ReadPsTable();
        var self = Environment.ProcessId;
        var seeds = new List<int>();
        if (rootAlive && table.TryGetValue(rootPid, out var root) && !root.Zombie)
        {
            seeds.Add(rootPid);
        }

        foreach (var (pid, start) in known)
        {
            if (table.TryGetValue(pid, out var entry) && !entry.Zombie && (start == 0 || entry.StartTime == start))
            {
                seeds.Add(pid);
            }
        }

        if (marker is not null && OperatingSystem.IsLinux())
        {
            var needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
            foreach (var (pid, entry) in table)
            {
                if (!entry.Zombie && pid != self && EnvironContains(pid, needle))
                {
                    seeds.Add(pid);
                }
            }
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, entry) in table)
        {
            if (!children.TryGetValue(entry.ParentPid, out var list))
            {
                children[entry.ParentPid] = list = [];
            }

            list.Add(pid);
        }

        var result = new HashSet<int>();
        var stack = new Stack<int>(seeds);
        while (stack.Count > 0)
        {
            var pid = stack.Pop();
            if (pid == self || pid <= 1 || !result.Add(pid))
            {
                continue;
            }

            if (children.TryGetValue(pid, out var kids))
            {
                foreach (var kid in kids)
                {
                    stack.Push(kid);
                }
            }
        }

        result.RemoveWhere(pid => table[pid].Zombie);
        foreach (var pid in result)
        {
            known[pid] = table[pid].StartTime;
        }

        return [.. result.Order()];
    }

    public static bool Kill(int pid, int signal)
    {
        try
        {
            return NativeMethods.kill(pid, signal) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private readonly record struct ProcEntry(int ParentPid, ulong StartTime, bool Zombie);

    private static Dictionary<int, ProcEntry> ReadProcTable()
    {
        var table = new Dictionary<int, ProcEntry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime ..."
            // comm may hold spaces and parentheses: parse after the last ')'.
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length < 20)
            {
                continue;
            }

            var zombie = fields[0] is "Z" or "X";
            _ = int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid);
            _ = ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start);
            table[pid] = new ProcEntry(ppid, start, zombie);
        }

        return table;
    }

    private static Dictionary<int, ProcEntry> ReadPsTable()
    {
        var table = new Dictionary<int, ProcEntry>();
        try
        {
            var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-A", "-o", "pid=,ppid=,stat=" })
            {
                info.ArgumentList.Add(argument);
            }

            using var ps = Process.Start(info);
            if (ps is null)
            {
                return table;
            }

            string? line;
            while ((line = ps.StandardOutput.ReadLine()) is not null)
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 3
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid))
                {
                    table[pid] = new ProcEntry(ppid, 0, parts[2].StartsWith('Z'));
                }
            }

            ps.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        return table;
    }

    private static bool EnvironContains(int pid, byte[] needle)
    {
        try
        {
            var environ = File.ReadAllBytes($"/proc/{pid}/environ");
            var span = environ.AsSpan();
            var at = span.IndexOf(needle);
            return at == 0 || (at > 0 && span[at - 1] == 0);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        internal static partial int kill(int pid, int sig);
    }
}

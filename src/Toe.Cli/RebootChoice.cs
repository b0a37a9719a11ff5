using Toe.Reboot;

namespace Toe.Cli;

/// <summary>The resolved <c>--reboot-mode</c> and <c>--max-reboots</c> of one <c>toe run</c>.</summary>
internal sealed record RebootChoice(RebootMode Mode, int MaxReboots)
{
    /// <summary>Resolves auto and checks that system mode can work here; null (after a message) when it cannot.</summary>
    public static RebootChoice? Resolve(RebootMode mode, int maxReboots, TextWriter stderr)
    {
        if (mode == RebootMode.Auto)
        {
            var interactive = !Console.IsInputRedirected && !Console.IsErrorRedirected;
            var (resolved, _) = RebootModes.ResolveAuto(Environment.GetEnvironmentVariable, interactive);
            // Registering a boot trigger and rebooting need root: without it, hand the reboot to the caller.
            mode = resolved == RebootMode.System && !Environment.IsPrivilegedProcess ? RebootMode.Exit : resolved;
        }
        else if (mode == RebootMode.System && !Environment.IsPrivilegedProcess)
        {
            stderr.WriteLine("toe run: error: --reboot-mode system reboots the machine and registers a boot trigger, which needs root (Administrator on Windows); run as root, or use --reboot-mode exit");
            return null;
        }

        return new RebootChoice(mode, maxReboots);
    }

    /// <summary>The command line that continues this run: the same program and arguments.</summary>
    public static IReadOnlyList<string> CurrentCommand()
    {
        var args = Environment.GetCommandLineArgs();
        var program = Environment.ProcessPath ?? args[0];
        // Under "dotnet toe.dll" the first argument is the assembly, which the rerun needs too.
        var keepFirst = string.Equals(Path.GetFileNameWithoutExtension(program), "dotnet", StringComparison.OrdinalIgnoreCase);
        return [program, .. args.Skip(keepFirst ? 0 : 1)];
    }
}

namespace Toe.Reboot;

/// <summary>What <c>toe run</c> does when a step asks for a reboot (<c>--reboot-mode</c>).</summary>
public enum RebootMode
{
    /// <summary><see cref="Exit"/> under the SSM agent or at an interactive terminal, <see cref="System"/> otherwise.</summary>
    Auto,

    /// <summary>Save the state and exit with 194 (3010 on Windows); the caller reboots and runs the same command again (AWSTOE under SSM).</summary>
    Exit,

    /// <summary>Save the state, register a one-time boot trigger that reruns the command, and reboot the machine.</summary>
    System,

    /// <summary>Save the state and go on in the same process as if the machine had rebooted: for authors testing locally.</summary>
    Simulate,

    /// <summary>A reboot request fails the step: for CI, where nothing may reboot.</summary>
    Fail,
}

public static class RebootModes
{
    public static IReadOnlyList<string> Names { get; } = ["auto", "exit", "system", "simulate", "fail"];

    public static bool TryParse(string text, out RebootMode mode) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(text, out _);

    /// <summary>
    /// Resolves <see cref="RebootMode.Auto"/>. The SSM agent reboots the instance itself on exit code 194
    /// (AWS_SSM_INSTANCE_ID is in the environment of its commands). A person at a terminal gets Exit too:
    /// Toe never reboots an author's own machine unless told to with --reboot-mode system. Everything else
    /// (cloud-init, a service, a pipeline on a build instance) gets System, as AWSTOE standalone does.
    /// </summary>
    public static (RebootMode Mode, string Why) ResolveAuto(Func<string, string?> environment, bool interactive)
    {
        if (!string.IsNullOrEmpty(environment("AWS_SSM_INSTANCE_ID")))
        {
            return (RebootMode.Exit, "run by the SSM agent (AWS_SSM_INSTANCE_ID is set), which reboots on exit code 194");
        }

        if (interactive)
        {
            return (RebootMode.Exit, "run from an interactive terminal: Toe does not reboot this machine unless told to (--reboot-mode system)");
        }

        return (RebootMode.System, "run standalone: Toe reboots the machine and a boot trigger resumes the run");
    }
}

using Toe.Reports;

namespace Toe.Engine;

/// <summary>The outcome of <see cref="Engine.RunAsync"/>. Never thrown: failures are in <see cref="Summary"/>.</summary>
public sealed record RunResult
{
    /// <summary>The compact summary <c>toe run</c> prints on stdout (<see cref="RunSummary.ToJson"/>).</summary>
    public required RunSummary Summary { get; init; }

    /// <summary>The run's log folder, or null when it could not be created (see <see cref="RunSummary.FailureMessage"/>).</summary>
    public string? LogFolder { get; init; }

    /// <summary>What was written to detailedoutput.json; null when the run could not start.</summary>
    public DetailedOutput? DetailedOutput { get; init; }

    /// <summary>True when the cancellation token (SIGINT/SIGTERM) stopped the run.</summary>
    public bool Interrupted { get; init; }

    /// <summary>
    /// Set when the run paused because a step asked for a reboot: the state is saved and the caller reboots
    /// (or exits with 194, or simulates the reboot) and runs the same command again to resume.
    /// </summary>
    public RebootRequest? Reboot { get; init; }

    /// <summary>0 when the run succeeded (ignored failures included), 1 otherwise.</summary>
    public int ExitCode => Summary.Status == Statuses.Success ? 0 : 1;
}

using System.Text.Json.Nodes;
using Toe.Reports;

namespace Toe.Reboot;

/// <summary>
/// What a run needs to go on after a reboot: where it stopped, what it already reported, and the outputs
/// later steps may chain. Written by the engine when a step asks for a reboot, and after every step of a
/// resumed run; read by the next <c>toe run</c> of the same documents. The file holds step outputs, so it
/// is readable by its owner only (see <see cref="RunStateStore"/>).
/// </summary>
public sealed class RunState
{
    /// <summary>Bumped when the layout changes incompatibly; a state of another version is refused, not guessed at.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string ExecutionId { get; set; } = string.Empty;

    /// <summary><see cref="RunIdentity"/> of the run: documents, parameters and phases. A different run must not resume this state.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The documents of the run, for people (<c>toe state show</c>) and messages.</summary>
    public List<string> Documents { get; set; } = [];

    /// <summary>The run's log folder: a resumed run goes on writing into it.</summary>
    public string LogFolder { get; set; } = string.Empty;

    /// <summary>Reboots so far in this run (bounded by <c>--max-reboots</c>).</summary>
    public int Reboots { get; set; }

    /// <summary>Why the last reboot was asked for, e.g. "step 'Kernel' of phase 'build': ExecuteBash exited with code 194".</summary>
    public string RebootReason { get; set; } = string.Empty;

    /// <summary>True once the run has gone past the reboot (the state then only tracks progress).</summary>
    public bool Resumed { get; set; }

    /// <summary>UTC time of the last write.</summary>
    public string SavedAt { get; set; } = string.Empty;

    /// <summary>The command line that continues the run, for the boot trigger of <c>--reboot-mode system</c>.</summary>
    public List<string> Command { get; set; } = [];

    public string WorkingDirectory { get; set; } = string.Empty;

    /// <summary>The next step to run.</summary>
    public RunPosition Position { get; set; } = new();

    /// <summary>detailedoutput.json as far as the run got.</summary>
    public DetailedOutput Report { get; set; } = new();

    /// <summary>chaining.json as far as the run got.</summary>
    public ChainingReport Chaining { get; set; } = new();

    /// <summary>Inputs and outputs of the steps of the current document that ran, for chaining after the reboot.</summary>
    public List<ChainedStep> ChainedSteps { get; set; } = [];

    public RunCounters Counters { get; set; } = new();

    /// <summary>Output values of disableLogging steps: masked in every log sink after the reboot too.</summary>
    public List<string> MaskedValues { get; set; } = [];
}

/// <summary>
/// The next step to run: indexes into the run's documents, that document's phases (all of them, as
/// written) and that phase's steps. A step index equal to the phase's step count means "the phase's
/// steps are done".
/// </summary>
public sealed class RunPosition
{
    public int Document { get; set; }

    public int Phase { get; set; }

    public int Step { get; set; }

    /// <summary>The step at the position already passed its <c>if</c> before the reboot: it is not evaluated again.</summary>
    public bool IfAlreadyEvaluated { get; set; }

    public override string ToString() => $"document {Document + 1}, phase {Phase + 1}, step {Step + 1}";
}

public sealed class ChainedStep
{
    public string Phase { get; set; } = string.Empty;

    public string Step { get; set; } = string.Empty;

    public JsonNode? Inputs { get; set; }

    public JsonObject Outputs { get; set; } = [];
}

/// <summary>The run summary's counts and first failure, carried across reboots so the final summary covers the whole run.</summary>
public sealed class RunCounters
{
    public int Executed { get; set; }

    public int Skipped { get; set; }

    public int Failed { get; set; }

    public int Ignored { get; set; }

    public string? FirstFailure { get; set; }

    public bool FirstFailureTimedOut { get; set; }

    public int FailuresAfterFirst { get; set; }
}

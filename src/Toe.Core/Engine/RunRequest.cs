using Toe.Documents;

namespace Toe.Engine;

/// <summary>One run of <c>toe run</c>: documents in the order given, and the settings of the run.</summary>
public sealed record RunRequest
{
    /// <summary>The documents to run, in order. Documents are expected to be valid (the validator ran).</summary>
    public required IReadOnlyList<DocumentRequest> Documents { get; init; }

    /// <summary>
    /// Global parameter values (<c>--parameters</c>, or the config file's top-level <c>parameters</c>).
    /// For each document: global values first, then the document's own values override them, then
    /// the document's defaults fill the rest. Names a document does not declare are ignored.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Phases to run, or null for all. Each document runs its phases in document order, keeping
    /// those named here; names a document does not have are simply not run.
    /// </summary>
    public IReadOnlyCollection<string>? Phases { get; init; }

    public string ExecutionId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>The parent of the run's log folder <c>TOE_&lt;time&gt;_UTC-0_&lt;executionId&gt;</c>. Default ".".</summary>
    public string LogDirectory { get; init; } = ".";

    /// <summary><c>--trace</c>: application.log also gets verbose entries (resolved inputs of every step).</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// Called once when the cancellation token fires, to name the cause in messages, e.g. "SIGTERM".
    /// Null: "SIGINT/SIGTERM".
    /// </summary>
    public Func<string>? DescribeInterruption { get; init; }

    /// <summary>
    /// How the run's documents were validated. ExecuteDocument validates nested documents with the same
    /// options, so a blocked module cannot slip in through a nested document. Null: the defaults.
    /// </summary>
    public Toe.Validation.ValidationOptions? Validation { get; init; }

    /// <summary>
    /// How reboot requests are honoured (state saved, run paused). Null: a step that asks for a reboot fails
    /// (<c>--reboot-mode fail</c>, and engines embedded without a state directory).
    /// </summary>
    public RebootSettings? Reboot { get; init; }

    /// <summary>The state of this run saved before a reboot: the run goes on from its position, in its log folder.</summary>
    public Toe.Reboot.RunState? Resume { get; init; }
}

/// <summary>What the engine needs to pause a run for a reboot and to let the next <c>toe run</c> resume it.</summary>
/// <param name="Identity">The run's fingerprint (RunIdentity), computed only when state is saved: hashing loads OpenSSL, a few
/// milliseconds that a run which never reboots should not spend before its first step.</param>
public sealed record RebootSettings(Toe.Reboot.RunStateStore Store, Func<string> Identity)
{
    /// <summary>False for <c>--reboot-mode fail</c>: a reboot request fails the step (a resumed run still saves its progress).</summary>
    public bool Allowed { get; init; } = true;

    /// <summary>Reboots allowed in one run (<c>--max-reboots</c>): a step that asks for one more fails, which ends reboot loops.</summary>
    public int MaxReboots { get; init; } = 10;

    /// <summary>The command line that continues the run (saved for the boot trigger and for people).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;
}

/// <summary>One document of a run and the values given for its parameters.</summary>
public sealed record DocumentRequest(ComponentDocument Document)
{
    /// <summary>This document's own parameter values (the config file's per-document <c>parameters</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

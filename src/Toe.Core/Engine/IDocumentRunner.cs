using Toe.Documents;
using Toe.Validation;

namespace Toe.Engine;

/// <summary>
/// Runs a nested component document for the ExecuteDocument module, in-process, in the calling run:
/// its steps print to the same console.log and application.log, and its report is returned rather
/// than written to a folder of its own. Given to modules through <see cref="ActionContext.Documents"/>
/// so that the module stays a thin file and the engine keeps the one way of running steps.
/// </summary>
public interface IDocumentRunner
{
    /// <summary>How the run's documents were validated; nested documents are checked the same way (blocked modules, platform).</summary>
    ValidationOptions Validation { get; }

    /// <summary>
    /// Runs <paramref name="request"/> (an already validated document) as a run of its own, with a new
    /// execution id. Never throws for run failures; the result's summary says what happened.
    /// </summary>
    Task<RunResult> RunAsync(NestedDocumentRequest request, CancellationToken cancellationToken);
}

/// <summary>One nested document, the values of its parameters, and the phases to run (null: all).</summary>
public sealed record NestedDocumentRequest(ComponentDocument Document)
{
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyCollection<string>? Phases { get; init; }
}

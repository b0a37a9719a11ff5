using System.Text.Json.Nodes;
using Toe.Logging;
using Toe.Processes;

namespace Toe.Engine;

/// <summary>Everything a module may use while it runs one attempt of one step.</summary>
public sealed class ActionContext
{
    public static readonly IReadOnlyDictionary<string, byte[]> NothingWritten = new Dictionary<string, byte[]>();

    public required string DocumentPath { get; init; }

    /// <summary>The folder of the document, for modules that resolve relative paths against it.</summary>
    public required string DocumentDirectory { get; init; }

    public required string PhaseName { get; init; }

    public required string StepName { get; init; }

    public required string ActionName { get; init; }

    /// <summary>
    /// The step's inputs with every reference resolved: a <see cref="JsonObject"/> for map-shaped
    /// inputs, a <see cref="JsonArray"/> for list-shaped ones, null when the step has none. Scalars
    /// keep their YAML type (plain numbers and booleans are JSON numbers and booleans; a number
    /// keeps the text it was written with).
    /// </summary>
    public JsonNode? Inputs { get; init; }

    /// <summary>A folder of this step inside the run's log folder, for script files and the like. Exists.</summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>
    /// Files of <see cref="IScratchFiles"/> that the engine wrote ahead into <see cref="ScratchDirectory"/> (full path and
    /// bytes) and that still hold those bytes: a module that would write the same bytes can leave the file alone.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ScratchFilesWritten { get; init; } = NothingWritten;

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    public required int MaxAttempts { get; init; }

    /// <summary>Where the module streams what the step prints (console.log).</summary>
    public required IStepOutput Output { get; init; }

    public required IProcessRunner ProcessRunner { get; init; }

    /// <summary>The run's application.log, for the module's own diagnostics.</summary>
    public required IStepLog Log { get; init; }

    /// <summary>
    /// Full paths of the documents from the top-level one down to the one holding this step (ExecuteDocument
    /// nesting). ExecuteDocument uses it to refuse cycles and a fourth nesting level before loading anything.
    /// </summary>
    public IReadOnlyList<string> DocumentChain { get; init; } = [];

    /// <summary>
    /// The run's secret masker, so a module can register a value it recognises as secret (a password in a URL)
    /// and every sink masks it from then on; null when the host offers none.
    /// </summary>
    public ISecretMasker? Secrets { get; init; }

    /// <summary>Runs nested documents (ExecuteDocument); null when the host engine offers none.</summary>
    public IDocumentRunner? Documents { get; init; }
}

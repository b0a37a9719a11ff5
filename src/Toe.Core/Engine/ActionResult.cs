using System.Text.Json.Nodes;

namespace Toe.Engine;

/// <summary>What one attempt of a step produced.</summary>
public sealed record ActionResult
{
    public required bool Success { get; init; }

    /// <summary>Why the attempt failed; null on success.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>The module's outputs (e.g. <c>stdout</c>), available to chaining and written to detailedoutput.json.</summary>
    public JsonObject Outputs { get; init; } = [];

    /// <summary>The exit code of the program the module ran, if it ran one.</summary>
    public int? ExitCode { get; init; }

    /// <summary>
    /// ExecuteDocument: the nested run's report, written as the step's <c>detailedOutput</c> in
    /// detailedoutput.json (beside <c>outputs</c>, as AWS's example shows). Null for other modules.
    /// </summary>
    public System.Text.Json.Nodes.JsonNode? DetailedOutput { get; init; }

    public static ActionResult Succeeded(JsonObject? outputs = null, int? exitCode = null) =>
        new() { Success = true, Outputs = outputs ?? [], ExitCode = exitCode };

    public static ActionResult Failed(string message, int? exitCode = null, JsonObject? outputs = null) =>
        new() { Success = false, FailureMessage = message, Outputs = outputs ?? [], ExitCode = exitCode };
}

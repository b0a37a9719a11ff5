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

    /// <summary>
    /// Set when the step asks for the machine to reboot (a script exiting 194 on Linux/macOS or 3010 on
    /// Windows, the Reboot module, UpdateOS after a kernel update). The engine decides what happens
    /// (exit, reboot, simulate or fail: <c>--reboot-mode</c>); the module only says what it wants.
    /// </summary>
    public RebootRequest? Reboot { get; init; }

    /// <summary>The attempt asks for a reboot; <see cref="Success"/> is true (the step did what it should).</summary>
    public static ActionResult RebootRequested(RebootRequest request, JsonObject? outputs = null, int? exitCode = null) =>
        new() { Success = true, Reboot = request, Outputs = outputs ?? [], ExitCode = exitCode };

    public static ActionResult Succeeded(JsonObject? outputs = null, int? exitCode = null) =>
        new() { Success = true, Outputs = outputs ?? [], ExitCode = exitCode };

    public static ActionResult Failed(string message, int? exitCode = null, JsonObject? outputs = null) =>
        new() { Success = false, FailureMessage = message, Outputs = outputs ?? [], ExitCode = exitCode };
}

/// <summary>What a step that asks for a reboot wants to happen after the machine is back.</summary>
/// <param name="RerunStep">
/// True: run the same step again after the reboot (a script that exited 194/3010: AWSTOE reruns it, and the
/// script is expected to know how far it got). False: go on with the next step (the Reboot module).
/// </param>
/// <param name="DelaySeconds">How long to wait before rebooting (the Reboot module's <c>delaySeconds</c>).</param>
/// <param name="Reason">For people: why, e.g. "ExecuteBash exited with code 194".</param>
public sealed record RebootRequest(bool RerunStep, int DelaySeconds, string Reason);

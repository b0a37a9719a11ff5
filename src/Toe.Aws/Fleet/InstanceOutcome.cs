using System.Text.Json.Serialization;

namespace Toe.Aws.Fleet;

/// <summary>
/// How the run went on one instance: SSM's status of the invocation (Success, Failed, TimedOut,
/// Cancelled, ... or NotRun when SSM never started it) and what the executor's run summary said.
/// Also the shape of each instance in the JSON report (--output json).
/// </summary>
public sealed record InstanceOutcome
{
    public required string InstanceId { get; init; }

    /// <summary>SSM's invocation status; "NotRun" when SSM created no invocation (e.g. --max-errors reached).</summary>
    public required string Status { get; init; }

    /// <summary>SSM's StatusDetails (e.g. ExecutionTimedOut, Undeliverable).</summary>
    public string StatusDetails { get; init; } = string.Empty;

    /// <summary>The script's exit code (the executor's), when SSM reported one.</summary>
    public int? ResponseCode { get; init; }

    /// <summary>The step that failed, read from the run summary's failureMessage, or empty.</summary>
    public string FailedStep { get; init; } = string.Empty;

    /// <summary>Why it failed, for people (the run summary's failureMessage, else SSM's view); empty on success.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Where the instance's logs are: the run summary's logUrl, else the folder they would be under.</summary>
    public string Logs { get; init; } = string.Empty;

    /// <summary>The executor's execution id, from its run summary.</summary>
    public string ExecutionId { get; init; } = string.Empty;

    [JsonIgnore]
    public bool Succeeded => Status == "Success";
}

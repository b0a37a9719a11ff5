using System.Text.Json;

namespace Toe.Reports;

/// <summary>
/// The compact JSON <c>toe run</c> prints on stdout. Keys in the order of AWS's example (which is
/// alphabetical); skippedStepCount is placed alphabetically too.
/// </summary>
public sealed record RunSummary
{
    public int ExecutedStepCount { get; init; }

    public string ExecutionId { get; init; } = string.Empty;

    public int FailedStepCount { get; init; }

    public string FailureMessage { get; init; } = string.Empty;

    public int IgnoredFailedStepCount { get; init; }

    /// <summary>Where the logs were uploaded (S3); empty until log upload lands.</summary>
    public string LogUrl { get; init; } = string.Empty;

    public int SkippedStepCount { get; init; }

    /// <summary>"success", "failed" or "timedOut".</summary>
    public string Status { get; init; } = Statuses.Success;

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Compact.RunSummary);
}

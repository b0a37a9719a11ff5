using System.Text.Json.Nodes;

namespace Toe.Reports;

/// <summary>
/// detailedoutput.json, shaped like the ExecuteDocument example on AWS's action-modules page.
/// Property order is the JSON order. Steps that never started (after an Abort, or phases not
/// requested) are not listed.
/// </summary>
public sealed class DetailedOutput
{
    public string ExecutionId { get; set; } = string.Empty;

    public string Status { get; set; } = Statuses.Success;

    public string StartTime { get; set; } = string.Empty;

    public string EndTime { get; set; } = string.Empty;

    public string FailureMessage { get; set; } = string.Empty;

    public List<DocumentReport> Documents { get; set; } = [];
}

public sealed class DocumentReport
{
    public string Name { get; set; } = string.Empty;

    public string FilePath { get; set; } = string.Empty;

    public string Status { get; set; } = Statuses.Success;

    public string Description { get; set; } = string.Empty;

    public string StartTime { get; set; } = string.Empty;

    public string EndTime { get; set; } = string.Empty;

    public string FailureMessage { get; set; } = string.Empty;

    public List<PhaseReport> Phases { get; set; } = [];
}

public sealed class PhaseReport
{
    public string Name { get; set; } = string.Empty;

    public string Status { get; set; } = Statuses.Success;

    public string StartTime { get; set; } = string.Empty;

    public string EndTime { get; set; } = string.Empty;

    public string FailureMessage { get; set; } = string.Empty;

    public List<StepReport> Steps { get; set; } = [];
}

public sealed class StepReport
{
    public string Name { get; set; } = string.Empty;

    public string Status { get; set; } = Statuses.Success;

    public string FailureMessage { get; set; } = string.Empty;

    public int TimeoutSeconds { get; set; }

    public string OnFailure { get; set; } = string.Empty;

    public int MaxAttempts { get; set; }

    public string Action { get; set; } = string.Empty;

    public string StartTime { get; set; } = string.Empty;

    public string EndTime { get; set; } = string.Empty;

    /// <summary>The resolved inputs as a JSON array, serialised to a string (as AWSTOE writes it).</summary>
    public string Inputs { get; set; } = "[]";

    /// <summary>The outputs as a JSON array of one object, serialised to a string; "[]" when there are none.</summary>
    public string Outputs { get; set; } = "[]";

    public JsonNode? Loop { get; set; }

    public JsonNode? DetailedOutput { get; set; }
}

namespace Toe.Reports;

/// <summary>
/// Status spellings in detailedoutput.json and the run summary. All lower-case, as in the only
/// documented example (<c>"status": "success"</c>). See docs/compatibility.md, "Engine and logs".
/// </summary>
public static class Statuses
{
    public const string Success = "success";

    public const string Failed = "failed";

    /// <summary>A step that failed with <c>onFailure: Ignore</c> (AWS's pages: IgnoredFailure).</summary>
    public const string Ignored = "ignored";

    /// <summary>A step whose <c>if</c> said Skip (not produced until the <c>if</c> issue lands).</summary>
    public const string Skipped = "skipped";

    /// <summary>
    /// A phase, document or run whose only failures were ignored. AWS's pages name it
    /// SuccessWithIgnoredFailure; lower-cased like the other statuses. Only detailedoutput.json
    /// uses it: the run summary on stdout says "success" (its documented values are
    /// success/failed/timedOut) and counts the ignored failures in ignoredFailedStepCount.
    /// </summary>
    public const string SuccessWithIgnoredFailure = "successwithignoredfailure";

    /// <summary>Run summary only: the run failed because a step timed out.</summary>
    public const string TimedOut = "timedOut";

    /// <summary>
    /// Run summary and detailedoutput.json of a run paused for a reboot (state saved; the same command resumes
    /// it). Toe's spelling: the docs show no report of a paused run (docs/compatibility.md, "Reboot and resume").
    /// </summary>
    public const string PendingReboot = "pendingReboot";
}

using System.Globalization;
using Toe.Engine;
using Toe.Reports;

namespace Toe.Cli;

/// <summary>
/// Progress for people, on stderr (stdout carries the JSON summary): one line per finished step
/// with its result and time; for a failure, the exit code and the last lines of its stderr.
/// </summary>
internal sealed class ConsoleProgress(TextWriter stderr) : IRunObserver
{
    public void RunStarted(RunStartedEvent e) =>
        stderr.WriteLine($"toe: run {e.ExecutionId}, logs in {e.LogFolder}");

    public void StepRetrying(StepRetryingEvent e) =>
        stderr.WriteLine($"  retry    {e.Phase}/{e.Step}: attempt {e.FailedAttempt} of {e.MaxAttempts} failed: {e.FailureMessage}");

    public void StepFinished(StepFinishedEvent e)
    {
        var status = e.Status switch
        {
            Statuses.Success => "ok",
            Statuses.Ignored => "ignored",
            Statuses.Skipped => "skipped",
            Statuses.PendingReboot => "reboot",
            _ => "FAILED",
        };
        var attempts = e.Attempts > 1 ? $", {e.Attempts} attempts" : string.Empty;
        stderr.WriteLine($"  {status,-8} {e.Phase}/{e.Step} ({e.Action}) {Format(e.Duration)}{attempts}");
        if (e.Status is Statuses.Failed or Statuses.Ignored && e.FailureMessage is not null)
        {
            var exit = e.ExitCode is { } code ? $" [exit code {code}]" : string.Empty;
            stderr.WriteLine($"           {e.FailureMessage}{exit}");
            foreach (var line in e.StderrTail)
            {
                stderr.WriteLine($"           | {line}");
            }
        }
    }

    public void RunFinished(RunResult result)
    {
        var summary = result.Summary;
        var counts = $"{summary.ExecutedStepCount} steps run, {summary.FailedStepCount} failed, {summary.IgnoredFailedStepCount} ignored, {summary.SkippedStepCount} skipped";
        stderr.WriteLine($"toe: {summary.Status}: {counts}");
    }

    private static string Format(TimeSpan duration) => duration.TotalSeconds < 1
        ? $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
        : $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}

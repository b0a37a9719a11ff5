namespace Toe.Engine;

/// <summary>
/// Progress of a run, for people (the CLI prints it to stderr). Called on the engine's flow, one
/// call at a time; keep handlers quick. Exceptions thrown by handlers are logged and ignored.
/// </summary>
public interface IRunObserver
{
    void RunStarted(RunStartedEvent e)
    {
    }

    void StepStarted(StepStartedEvent e)
    {
    }

    /// <summary>An attempt failed and the step will be tried again.</summary>
    void StepRetrying(StepRetryingEvent e)
    {
    }

    void StepFinished(StepFinishedEvent e)
    {
    }

    void RunFinished(RunResult result)
    {
    }
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    public static NullRunObserver Instance { get; } = new();
}

public sealed record RunStartedEvent(string ExecutionId, string LogFolder, int DocumentCount);

public sealed record StepStartedEvent(string Document, string Phase, string Step, string Action, int MaxAttempts);

public sealed record StepRetryingEvent(string Document, string Phase, string Step, int FailedAttempt, int MaxAttempts, string FailureMessage);

/// <summary>
/// A step ended. <see cref="Status"/> is "success", "failed" or "ignored" (see <see cref="Reports.Statuses"/>).
/// On failure, <see cref="ExitCode"/> and <see cref="StderrTail"/> come from the last attempt.
/// </summary>
public sealed record StepFinishedEvent(
    string Document,
    string Phase,
    string Step,
    string Action,
    string Status,
    TimeSpan Duration,
    int Attempts,
    string? FailureMessage,
    int? ExitCode,
    IReadOnlyList<string> StderrTail);

using Toe.Processes;

namespace Toe.Engine;

/// <summary>
/// The output of the running step: every byte goes to console.log (through the secret masker) as
/// it arrives. Pass it (or a wrapper) to <see cref="IProcessRunner.RunAsync"/> as the sink.
/// Thread-safe.
/// </summary>
public interface IStepOutput : IOutputSink
{
    /// <summary>Writes one line of text the module produced itself (not from a child process).</summary>
    void WriteLine(OutputKind kind, string line);

    /// <summary>The last lines written to stderr during this attempt (at most 10, each at most 2,000 characters).</summary>
    IReadOnlyList<string> StderrTail { get; }
}

/// <summary>A module's diagnostics, written to application.log with the step's name; masked.</summary>
public interface IStepLog
{
    void Debug(string message);

    void Info(string message);

    void Warning(string message);
}

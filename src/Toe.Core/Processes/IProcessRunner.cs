namespace Toe.Processes;

/// <summary>Which output stream of a child process a piece of output came from.</summary>
public enum OutputKind
{
    Stdout,
    Stderr,
}

/// <summary>
/// Receives a child's output as it streams, one line at a time, as raw bytes (no decoding, so
/// console.log can keep every byte). Called concurrently for stdout and stderr: implementations
/// must be thread-safe.
/// </summary>
public interface IOutputSink
{
    /// <summary>
    /// <paramref name="data"/> is a line without its '\n' when <paramref name="endOfLine"/> is true.
    /// A line longer than <see cref="OutputPump.MaxLineBytes"/> arrives as several pieces, all but the
    /// last with <paramref name="endOfLine"/> false. A last line without a final newline arrives with
    /// <paramref name="endOfLine"/> true.
    /// </summary>
    void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine);
}

/// <summary>A program to run: no shell is involved, each argument reaches the program as given.</summary>
public sealed record ProcessSpec
{
    public ProcessSpec(string fileName, IReadOnlyList<string>? arguments = null)
    {
        FileName = fileName;
        Arguments = arguments ?? [];
    }

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// When set, the command line passed to the program exactly as written, instead of <see cref="Arguments"/>:
    /// for Windows programs that parse their own command line (msiexec takes <c>NAME="a b"</c>, which the
    /// usual per-argument quoting would break). On Linux and macOS .NET splits it into arguments.
    /// </summary>
    public string? RawArguments { get; init; }

    /// <summary>Null: the current directory of the Toe process.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to add to (value) or remove from (null) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Where the runner writes what it does (signals sent, output abandoned); may be null.</summary>
    public Action<string>? Log { get; init; }
}

public sealed record ProcessRunResult(int ExitCode)
{
    /// <summary>
    /// True when the program exited but something it started in the background still held
    /// stdout/stderr after the drain grace period, so reading was stopped (see ADR 0001).
    /// </summary>
    public bool OutputAbandoned { get; init; }
}

/// <summary>
/// Runs a program to completion, streaming its output. When <c>cancellationToken</c> fires (step
/// timeout or interruption; the runner does not care which), the whole process tree is ended:
/// SIGINT, then SIGTERM, then SIGKILL. Then <see cref="OperationCanceledException"/> is thrown.
/// </summary>
public interface IProcessRunner
{
    /// <exception cref="ProcessStartException">The program could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree has been ended.</exception>
    Task<ProcessRunResult> RunAsync(ProcessSpec spec, IOutputSink output, CancellationToken cancellationToken);
}

/// <summary>The program could not be started (missing, not executable, bad working directory).</summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>How long to wait at each stage of ending a process tree, and for output after exit.</summary>
public sealed record ProcessTerminationOptions
{
    public static ProcessTerminationOptions Default { get; } = new();

    /// <summary>Wait after SIGINT before sending SIGTERM.</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait after SIGTERM before sending SIGKILL.</summary>
    public TimeSpan TerminateGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Wait after SIGKILL before giving up on the tree.</summary>
    public TimeSpan KillWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After the program exits, how long to keep reading output that background processes may
    /// still write through the inherited pipes before reading is stopped.
    /// </summary>
    public TimeSpan OutputDrainGrace { get; init; } = TimeSpan.FromSeconds(2);
}

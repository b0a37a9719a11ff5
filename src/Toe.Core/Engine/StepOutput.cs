using System.Text;
using Toe.Logging;
using Toe.Processes;

namespace Toe.Engine;

/// <summary>The engine's <see cref="IStepOutput"/>: console.log plus a short memory of stderr.</summary>
internal sealed class StepOutput : IStepOutput
{
    public const int TailLines = 10;
    public const int TailLineChars = 2000;

    private readonly ConsoleLog _console;
    private readonly Lock _tailLock = new();
    private readonly Queue<string> _tail = new();

    public StepOutput(ConsoleLog console)
    {
        _console = console;
    }

    /// <summary>
    /// <c>disableLogging</c>: the step's output reaches neither console.log nor the stderr tail (which
    /// feeds failure messages and the progress on stderr). Modules still capture outputs for chaining.
    /// </summary>
    public bool Suppressed { get; init; }

    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (_tailLock)
            {
                return [.. _tail];
            }
        }
    }

    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
    {
        if (Suppressed)
        {
            return;
        }

        _console.Write(data, endOfLine);
        if (kind == OutputKind.Stderr)
        {
            var length = Math.Min(data.Length, TailLineChars * 4);
            var text = Encoding.UTF8.GetString(data[..length]);
            Remember(text);
        }
    }

    public void WriteLine(OutputKind kind, string line)
    {
        if (Suppressed)
        {
            return;
        }

        _console.WriteLine(line);
        if (kind == OutputKind.Stderr)
        {
            Remember(line);
        }
    }

    private void Remember(string line)
    {
        line = line.TrimEnd('\r');
        if (line.Length > TailLineChars)
        {
            line = line[..TailLineChars] + "...";
        }

        lock (_tailLock)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}

/// <summary>application.log entries of one step.</summary>
/// <param name="quiet">disableLogging: debug details (modules put resolved commands there) are not written.</param>
internal sealed class StepLog(ApplicationLog log, string prefix, bool quiet = false) : IStepLog
{
    public void Debug(string message)
    {
        if (!quiet)
        {
            log.Debug($"{prefix} {message}");
        }
    }

    public void Info(string message) => log.Info($"{prefix} {message}");

    public void Warning(string message) => log.Warning($"{prefix} {message}");
}

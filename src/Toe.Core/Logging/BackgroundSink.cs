using Serilog.Core;
using Serilog.Events;

namespace Toe.Logging;

/// <summary>
/// Hands log events to a thread of their own, which formats and writes them (application.log). On the calling thread
/// formatting and writing were about 40 µs of every step, between one step's program ending and the next one
/// starting (docs/performance.md). Serilog.Sinks.Async does the same with a BlockingCollection, but its queue spins
/// every time it runs dry: 40 ms of CPU in a 200-step run, on the second core that the step's own program needs. This
/// queue blocks on a monitor and spins not at all, and the writer is not woken for every line: it drains the queue
/// every <see cref="DrainInterval"/> (or as soon as <see cref="WakeAt"/> lines wait), so a step costs no wake-up system
/// call and the step's program is not competing with the writer as it starts. The file sink buffers its output for a
/// second anyway. Order is kept (one queue, one writer), each event keeps the time it was logged at, and disposing
/// writes whatever is still queued, then disposes the inner sink.
/// </summary>
internal sealed class BackgroundSink : ILogEventSink, IDisposable
{
    /// <summary>How often the writer drains the queue when few lines come.</summary>
    public static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Lines waiting that wake the writer at once (bounds the queue in a burst).</summary>
    public const int WakeAt = 4096;

    private readonly ILogEventSink _inner;
    private readonly Queue<LogEvent> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _writer;
    private bool _closing;

    public BackgroundSink(ILogEventSink inner)
    {
        _inner = inner;
        _writer = new Thread(Pump) { IsBackground = true, Name = "toe application.log" };
        _writer.Start();
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _queue.Enqueue(logEvent);
            if (_queue.Count == WakeAt)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            Monitor.Pulse(_gate);
        }

        _writer.Join();
        (_inner as IDisposable)?.Dispose();
    }

    private void Pump()
    {
        var batch = new List<LogEvent>();
        while (true)
        {
            lock (_gate)
            {
                // Waits a drain interval unless closing or a burst is waiting (a pulse); the checks are under this lock,
                // so no wake-up is lost.
                if (!_closing && _queue.Count < WakeAt)
                {
                    Monitor.Wait(_gate, DrainInterval);
                }

                if (_queue.Count == 0)
                {
                    if (_closing)
                    {
                        return;
                    }

                    continue;
                }

                batch.AddRange(_queue);
                _queue.Clear();
            }

            foreach (var logEvent in batch)
            {
                try
                {
                    _inner.Emit(logEvent);
                }
                catch (Exception)
                {
                    // Serilog's own sinks do not throw; a full disk loses log lines, never the run (as before).
                }
            }

            batch.Clear();
        }
    }
}

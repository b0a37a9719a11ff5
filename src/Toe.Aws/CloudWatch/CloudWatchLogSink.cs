using System.Diagnostics;
using Toe.Logging;

namespace Toe.Aws.CloudWatch;

/// <summary>
/// Streams console.log to a CloudWatch Logs stream: <see cref="WriteLine"/> (called by console.log, with masked
/// lines, in order) only queues; a background loop sends what has queued about once a second, sooner when a
/// full batch is waiting, in batches within <see cref="PutLogEventsLimits"/>, one request at a time so the stream
/// stays in order. <see cref="CompleteAsync"/> sends the rest at the end of the run, bounded in time. The first
/// failure (after the signed client's retries) stops the streaming and is kept in <see cref="Failure"/>; the
/// caller decides whether it fails the run (--cw-ignore-failures).
/// </summary>
public sealed class CloudWatchLogSink : IConsoleLineSink, IAsyncDisposable
{
    private readonly CloudWatchLogsClient _client;
    private readonly Func<DateTimeOffset> _now;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private List<LogEvent> _queue = [];
    private int _queuedBytes;
    private long _lastTimestamp;
    private bool _completing;
    private string? _failure;
    private long _sent;
    private Task? _loop;

    private CloudWatchLogSink(CloudWatchLogsClient client, string group, string stream, TimeSpan interval, Func<DateTimeOffset>? now)
    {
        _client = client;
        Group = group;
        Stream = stream;
        _interval = interval;
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    public string Group { get; }

    public string Stream { get; }

    /// <summary>Events accepted by CloudWatch Logs so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Why streaming stopped (a one-line message naming what to fix), or null while all is well.</summary>
    public string? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    /// <summary>
    /// Creates the stream (an existing one is appended to) and starts sending. Throws <see cref="AwsFailureException"/>
    /// when the stream cannot be created (missing group, access denied, no credentials).
    /// </summary>
    public static async Task<CloudWatchLogSink> StartAsync(CloudWatchLogsClient client, string group, string stream, CancellationToken cancellationToken,
        TimeSpan? interval = null, Func<DateTimeOffset>? now = null)
    {
        await client.CreateLogStreamAsync(group, stream, cancellationToken).ConfigureAwait(false);
        var sink = new CloudWatchLogSink(client, group, stream, interval ?? TimeSpan.FromSeconds(1), now);
        sink._loop = Task.Run(sink.RunAsync, CancellationToken.None);
        return sink;
    }

    public void WriteLine(string line)
    {
        // CloudWatch Logs refuses empty messages; a blank line carries nothing, so it is not sent.
        if (line.Length == 0)
        {
            return;
        }

        var wake = false;
        lock (_lock)
        {
            if (_failure is not null)
            {
                return; // Streaming has stopped; console.log still has the line.
            }

            // Chronological order is required within a batch: the clock may step back, the timestamps never do.
            var timestamp = Math.Max(_now().ToUnixTimeMilliseconds(), _lastTimestamp);
            _lastTimestamp = timestamp;
            foreach (var piece in PutLogEventsLimits.Split(line))
            {
                var logEvent = new LogEvent(timestamp, piece);
                _queue.Add(logEvent);
                _queuedBytes += PutLogEventsLimits.Size(logEvent);
            }

            wake = _queuedBytes >= PutLogEventsLimits.MaxBatchBytes || _queue.Count >= PutLogEventsLimits.MaxEvents;
        }

        if (wake)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Sends everything queued and stops; waits at most <paramref name="limit"/>. Returns the failure, if any
    /// (lines left unsent when the limit passed count as one).
    /// </summary>
    public async Task<string?> CompleteAsync(TimeSpan limit)
    {
        lock (_lock)
        {
            _completing = true;
        }

        _wake.Release();
        if (_loop is not null && await Task.WhenAny(_loop, Task.Delay(limit)).ConfigureAwait(false) != _loop)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            lock (_lock)
            {
                _failure ??= $"sending console.log to CloudWatch Logs took longer than {limit.TotalSeconds:0} s at the end of the run; {_queue.Count} lines were not sent";
            }
        }

        return Failure;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        _client.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _wake.WaitAsync(_interval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<LogEvent> pending;
            bool last;
            lock (_lock)
            {
                last = _completing;
                pending = _queue;
                _queue = [];
                _queuedBytes = 0;
                if (_failure is not null)
                {
                    return;
                }
            }

            foreach (var batch in PutLogEventsLimits.Batches(pending))
            {
                try
                {
                    await _client.PutLogEventsAsync(Group, Stream, batch, token).ConfigureAwait(false);
                    Interlocked.Add(ref _sent, batch.Count);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex) when (ex is AwsFailureException or HttpRequestException or TimeoutException)
                {
                    lock (_lock)
                    {
                        _failure ??= $"streaming console.log to CloudWatch Logs ({Group}/{Stream}) stopped: {AwsErrors.Reason(ex, CloudWatchLogsClient.Service)}";
                    }

                    return;
                }
            }

            if (last)
            {
                lock (_lock)
                {
                    if (_queue.Count == 0)
                    {
                        return;
                    }
                }
            }

            // A full batch wakes the loop early; keep at least a short pause so a flood of output becomes few large requests.
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!last && elapsed < TimeSpan.FromMilliseconds(50))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50) - elapsed, token).ConfigureAwait(false);
            }
        }
    }
}

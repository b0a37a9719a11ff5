using System.Diagnostics;
using System.Globalization;
using Toe.Engine;

namespace Toe.Actions.Web;

/// <summary>
/// Progress of one download for application.log: a line every <c>interval</c> (bytes so far, share of the
/// announced length, average rate) and one at the end. Nothing goes to console.log. Checking the clock costs a
/// timestamp read per block, so it can be called for every block.
/// </summary>
public sealed class DownloadProgress
{
    private readonly IStepLog _log;
    private readonly string _source;
    private readonly long? _total;
    private readonly long _interval;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _next;

    public DownloadProgress(IStepLog log, string source, long? total, TimeSpan interval)
    {
        _log = log;
        _source = source;
        _total = total;
        _interval = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        _next = _started + _interval;
    }

    public void Report(long received)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < _next)
        {
            return;
        }

        _next = now + _interval;
        var share = _total is > 0 and { } total ? string.Create(CultureInfo.InvariantCulture, $" of {Size(total)} ({100.0 * received / total:0}%)") : string.Empty;
        _log.Info($"downloading '{_source}': {Size(received)}{share}, {Rate(received, now)}");
    }

    public void Done(long received, string target)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        _log.Info(string.Create(CultureInfo.InvariantCulture, $"downloaded '{_source}' to '{target}': {received} bytes in {elapsed.TotalSeconds:0.###} s ({Rate(received, Stopwatch.GetTimestamp())})"));
    }

    private string Rate(long received, long now)
    {
        var seconds = (double)(now - _started) / Stopwatch.Frequency;
        return seconds <= 0 ? "-" : Size((long)(received / seconds)) + "/s";
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}

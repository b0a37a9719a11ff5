using System.Text;

namespace Toe.Aws.CloudWatch;

/// <summary>
/// The constraints of a PutLogEvents batch, from the CloudWatch Logs API reference (PutLogEvents): "The maximum
/// batch size is 1,048,576 bytes. This size is calculated as the sum of all event messages in UTF-8, plus 26
/// bytes for each log event"; "The maximum number of log events in a batch is 10,000"; "The log events in the
/// batch must be in chronological order by their timestamp"; "A batch of log events in a single request cannot
/// span more than 24 hours"; "Each log event can be no larger than 256 KB" (newer pages say 1 MB; 256 KB is
/// accepted by both). InputLogEvent.message has a minimum length of 1.
/// </summary>
public static class PutLogEventsLimits
{
    public const int MaxBatchBytes = 1_048_576;
    public const int EventOverheadBytes = 26;
    public const int MaxEvents = 10_000;
    public const int MaxEventBytes = 256 * 1024;

    /// <summary>The longest message (UTF-8 bytes) of one event: the event limit less the per-event overhead.</summary>
    public const int MaxMessageBytes = MaxEventBytes - EventOverheadBytes;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromHours(24);

    /// <summary>What an event counts towards <see cref="MaxBatchBytes"/>.</summary>
    public static int Size(LogEvent logEvent) => Encoding.UTF8.GetByteCount(logEvent.Message) + EventOverheadBytes;

    /// <summary>
    /// A line as messages of at most <see cref="MaxMessageBytes"/> UTF-8 bytes each, cut between characters
    /// (never inside a UTF-8 sequence or a surrogate pair), so a long line arrives whole, in order, in pieces.
    /// </summary>
    public static IEnumerable<string> Split(string line, int maxBytes = MaxMessageBytes)
    {
        if (Encoding.UTF8.GetByteCount(line) <= maxBytes)
        {
            yield return line;
            yield break;
        }

        var start = 0;
        var bytes = 0;
        for (var i = 0; i < line.Length;)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (bytes + size > maxBytes)
            {
                yield return line[start..i];
                start = i;
                bytes = 0;
            }

            bytes += size;
            i += width;
        }

        if (start < line.Length)
        {
            yield return line[start..];
        }
    }

    /// <summary>
    /// Cuts events (already in chronological order) into batches that each satisfy every limit above.
    /// Events must already respect <see cref="MaxMessageBytes"/> (see <see cref="Split"/>).
    /// </summary>
    public static List<List<LogEvent>> Batches(IEnumerable<LogEvent> events)
    {
        var batches = new List<List<LogEvent>>();
        List<LogEvent>? current = null;
        var bytes = 0;
        var spanMs = (long)MaxSpan.TotalMilliseconds;
        foreach (var logEvent in events)
        {
            var size = Size(logEvent);
            if (current is null || current.Count == MaxEvents || bytes + size > MaxBatchBytes || logEvent.Timestamp - current[0].Timestamp >= spanMs)
            {
                current = [];
                batches.Add(current);
                bytes = 0;
            }

            current.Add(logEvent);
            bytes += size;
        }

        return batches;
    }
}

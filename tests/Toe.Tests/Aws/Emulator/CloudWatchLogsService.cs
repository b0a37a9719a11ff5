using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// CloudWatch Logs on <see cref="AwsEmulator"/>: CreateLogStream and PutLogEvents with the shapes and errors of the
/// API reference. CreateLogStream answers ResourceNotFoundException for a missing group and
/// ResourceAlreadyExistsException for an existing stream. PutLogEvents refuses, as the service does, a batch of more
/// than 10,000 events or 1,048,576 bytes (messages in UTF-8 + 26 bytes per event), an event over 256 KB or with an
/// empty message, events out of chronological order and a batch spanning more than 24 hours
/// (InvalidParameterException), and a missing group or stream (ResourceNotFoundException). Accepted events are
/// kept per stream, with the size of every batch, for the tests' assertions.
/// </summary>
public sealed class CloudWatchLogsService
{
    private readonly ConcurrentDictionary<string, byte> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Group, string Stream), List<(long Timestamp, string Message)>> _streams = new();
    private readonly Lock _lock = new();

    public CloudWatchLogsService(AwsEmulator emulator)
    {
        emulator.Handle("logs:CreateLogStream", CreateLogStream);
        emulator.Handle("logs:PutLogEvents", PutLogEvents);
    }

    /// <summary>(events, bytes as the service counts them) of every accepted PutLogEvents, in arrival order.</summary>
    public ConcurrentQueue<(int Events, int Bytes)> Batches { get; } = new();

    /// <summary>Why batches were refused, in arrival order.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public CloudWatchLogsService AddGroup(string group)
    {
        _groups[group] = 0;
        return this;
    }

    public bool HasStream(string group, string stream) => _streams.ContainsKey((group, stream));

    /// <summary>The messages of a stream in the order they were stored.</summary>
    public IReadOnlyList<string> Messages(string group, string stream)
    {
        lock (_lock)
        {
            return _streams.TryGetValue((group, stream), out var events) ? events.Select(e => e.Message).ToList() : [];
        }
    }

    public IReadOnlyList<long> Timestamps(string group, string stream)
    {
        lock (_lock)
        {
            return _streams.TryGetValue((group, stream), out var events) ? events.Select(e => e.Timestamp).ToList() : [];
        }
    }

    private EmulatorReply CreateLogStream(EmulatorCall call)
    {
        var group = call.Json["logGroupName"]?.GetValue<string>() ?? string.Empty;
        var stream = call.Json["logStreamName"]?.GetValue<string>() ?? string.Empty;
        if (group.Length == 0 || stream.Length == 0)
        {
            return EmulatorReply.Error(400, "InvalidParameterException", "logGroupName and logStreamName are required");
        }

        if (!_groups.ContainsKey(group))
        {
            return EmulatorReply.Error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }

        return _streams.TryAdd((group, stream), [])
            ? EmulatorReply.Json("{}")
            : EmulatorReply.Error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
    }

    private EmulatorReply PutLogEvents(EmulatorCall call)
    {
        var json = call.Json;
        var group = json["logGroupName"]?.GetValue<string>() ?? string.Empty;
        var stream = json["logStreamName"]?.GetValue<string>() ?? string.Empty;
        if (!_groups.ContainsKey(group))
        {
            return Refuse(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }

        if (!_streams.TryGetValue((group, stream), out var stored))
        {
            return Refuse(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }

        var events = json["logEvents"]?.AsArray().Select(e => (Timestamp: e!["timestamp"]!.GetValue<long>(), Message: e["message"]!.GetValue<string>())).ToList() ?? [];
        if (events.Count is 0 or > 10_000)
        {
            return Refuse(400, "InvalidParameterException", $"1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and 10000 (was {events.Count})");
        }

        var bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var size = Encoding.UTF8.GetByteCount(events[i].Message) + 26;
            if (events[i].Message.Length == 0)
            {
                return Refuse(400, "InvalidParameterException", $"1 validation error detected: Value at 'logEvents.{i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }

            if (size > 256 * 1024)
            {
                return Refuse(400, "InvalidParameterException", $"Log event too large: event {i} is {size} bytes; the maximum is 262144");
            }

            if (i > 0 && events[i].Timestamp < events[i - 1].Timestamp)
            {
                return Refuse(400, "InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.");
            }

            bytes += size;
        }

        if (bytes > 1_048_576)
        {
            return Refuse(400, "InvalidParameterException", $"Upload too large: {bytes} bytes exceeds limit of 1048576");
        }

        if (events[^1].Timestamp - events[0].Timestamp > (long)TimeSpan.FromHours(24).TotalMilliseconds)
        {
            return Refuse(400, "InvalidParameterException", "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        lock (_lock)
        {
            stored.AddRange(events);
        }

        Batches.Enqueue((events.Count, bytes));
        return EmulatorReply.Json(new JsonObject { ["nextSequenceToken"] = Guid.NewGuid().ToString("N") });
    }

    private EmulatorReply Refuse(int status, string code, string message)
    {
        Refusals.Enqueue($"{code}: {message}");
        return EmulatorReply.Error(status, code, message);
    }
}

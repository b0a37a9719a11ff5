namespace Toe.Aws.CloudWatch;

/// <summary>One CloudWatch Logs event: milliseconds since the Unix epoch and the message (one console.log line or a piece of one).</summary>
public readonly record struct LogEvent(long Timestamp, string Message);

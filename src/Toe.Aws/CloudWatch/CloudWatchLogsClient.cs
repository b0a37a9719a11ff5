using System.Buffers;
using System.Text;
using System.Text.Json;
using Toe.Aws.Signing;

namespace Toe.Aws.CloudWatch;

/// <summary>
/// The two CloudWatch Logs operations Toe needs, over <see cref="SignedRestClient"/> (there is no CloudWatch Logs
/// SDK package here): JSON 1.1 protocol, X-Amz-Target "Logs_20140328.&lt;Operation&gt;", signing name "logs",
/// endpoint https://logs.&lt;region&gt;.amazonaws.com or AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL.
/// Throttling and 5xx answers are retried with backoff by the signed client. JSON is written with
/// Utf8JsonWriter (no reflection, Native AOT).
/// </summary>
public sealed class CloudWatchLogsClient : IDisposable
{
    public const string Service = "CloudWatch Logs";
    public const string TargetPrefix = "Logs_20140328.";
    public const string ContentType = "application/x-amz-json-1.1";

    private readonly SignedRestClient _rest;

    public CloudWatchLogsClient(SignedRestClient rest)
    {
        _rest = rest;
    }

    public string Region => _rest.Region;

    /// <summary>
    /// A client for <paramref name="region"/> (or the environment's Region) with the environment's credentials.
    /// Throws <see cref="AwsFailureException"/> with what to set when there is no Region or no credentials.
    /// </summary>
    public static CloudWatchLogsClient Create(AwsEnvironment environment, string? region, TimeSpan? retryBaseDelay = null)
    {
        var chosen = region ?? environment.Region()
            ?? throw new AwsFailureException("no AWS Region for CloudWatch Logs: give --cw-log-region or set AWS_REGION");
        var endpoint = environment.EndpointOverride("CLOUDWATCH_LOGS") ?? SignedRestClient.DefaultEndpoint("logs", chosen);
        var rest = new SignedRestClient(Service, "logs", endpoint, chosen, environment.Credentials(), maxAttempts: 5, baseDelay: retryBaseDelay, timeout: TimeSpan.FromSeconds(30));
        return new CloudWatchLogsClient(rest);
    }

    /// <summary>CreateLogStream; a stream that already exists (ResourceAlreadyExistsException) is fine: the run appends to it.</summary>
    public async Task CreateLogStreamAsync(string group, string stream, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("logGroupName", group);
            writer.WriteString("logStreamName", stream);
        });
        try
        {
            await SendAsync("CreateLogStream", body, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsFailureException ex) when (ex.ErrorCode == "ResourceAlreadyExistsException")
        {
            // The stream exists (a resumed run, a second run with the same --cw-log-stream): events are appended.
        }
        catch (AwsFailureException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            throw new AwsFailureException($"the CloudWatch Logs group '{group}' does not exist in {Region} (ResourceNotFoundException): create it (aws logs create-log-group --log-group-name {group}) or check --cw-log-group and --cw-log-region", ex.ErrorCode, ex.StatusCode);
        }
    }

    /// <summary>PutLogEvents of one batch that satisfies <see cref="PutLogEventsLimits"/>.</summary>
    public async Task PutLogEventsAsync(string group, string stream, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken)
    {
        var body = Json(writer =>
        {
            writer.WriteString("logGroupName", group);
            writer.WriteString("logStreamName", stream);
            writer.WriteStartArray("logEvents");
            foreach (var logEvent in events)
            {
                writer.WriteStartObject();
                writer.WriteNumber("timestamp", logEvent.Timestamp);
                writer.WriteString("message", logEvent.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
        try
        {
            await SendAsync("PutLogEvents", body, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsFailureException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            throw new AwsFailureException($"the CloudWatch Logs stream '{stream}' of group '{group}' no longer exists in {Region} (ResourceNotFoundException): it was deleted during the run", ex.ErrorCode, ex.StatusCode);
        }
    }

    public void Dispose() => _rest.Dispose();

    private async Task SendAsync(string operation, string body, CancellationToken cancellationToken)
    {
        try
        {
            await _rest.SendAsync(new SignedRequest(HttpMethod.Post, "/", Body: body, ContentType: ContentType, Target: TargetPrefix + operation), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsFailureException ex) when (ex.ErrorCode is "AccessDeniedException" or "AccessDenied")
        {
            throw new AwsFailureException($"access denied: the credentials may not call CloudWatch Logs {operation} ({ex.StatusCode} {ex.ErrorCode}); allow logs:CreateLogStream and logs:PutLogEvents on the log group in the IAM policy of the instance role or user", ex.ErrorCode, ex.StatusCode);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: messages keep their UTF-8 instead of \uXXXX, so the body stays near the batch's size.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using Toe.Aws;
using Toe.Aws.CloudWatch;
using Toe.Configuration;

namespace Toe.Cli;

/// <summary>
/// --cw-log-group, --cw-log-stream, --cw-log-region and --cw-ignore-failures: starts streaming console.log before
/// the first step and finishes it after the last one. Without --cw-ignore-failures a CloudWatch Logs failure is an
/// error: before the run nothing runs; during the run the steps go on and the run ends failed. With it, each
/// failure is a warning on stderr and the run's outcome is the steps' outcome (docs/compatibility-ssmcw.md).
/// </summary>
internal sealed class CloudWatchStreaming : IAsyncDisposable
{
    /// <summary>How long the end of the run waits for the last lines to reach CloudWatch Logs.</summary>
    public static readonly TimeSpan FinalFlushLimit = TimeSpan.FromMinutes(2);

    private readonly CloudWatchLogSink _sink;
    private readonly bool _ignoreFailures;

    private CloudWatchStreaming(CloudWatchLogSink sink, bool ignoreFailures)
    {
        _sink = sink;
        _ignoreFailures = ignoreFailures;
    }

    public CloudWatchLogSink Sink => _sink;

    /// <summary>
    /// Streaming for these settings: null streaming when no group was given or when it cannot start and failures
    /// are ignored; a problem (already printed) when it cannot start and failures count.
    /// </summary>
    /// <param name="executionId">The run's execution id (of the saved run when this one resumes it): the default stream name.</param>
    public static async Task<(CloudWatchStreaming? Streaming, string? Problem)> StartAsync(RunSettings settings, string executionId, TextWriter stderr)
    {
        if (settings.CwLogGroup is not { } group)
        {
            return (null, null);
        }

        var stream = settings.CwLogStream ?? executionId;
        CloudWatchLogsClient? client = null;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            client = CloudWatchLogsClient.Create(AwsEnvironment.Process, settings.CwLogRegion);
            var sink = await CloudWatchLogSink.StartAsync(client, group, stream, limit.Token).ConfigureAwait(false);
            return (new CloudWatchStreaming(sink, settings.CwIgnoreFailures), null);
        }
        catch (Exception ex) when (ex is AwsFailureException or HttpRequestException or OperationCanceledException)
        {
            client?.Dispose();
            var reason = ex is OperationCanceledException ? "CloudWatch Logs did not answer within 1 minute" : AwsErrors.Reason(ex, CloudWatchLogsClient.Service);
            var message = $"cannot stream console.log to CloudWatch Logs ({group}/{stream}): {reason}";
            if (settings.CwIgnoreFailures)
            {
                await stderr.WriteLineAsync($"toe run: warning: {message}; running without streaming (--cw-ignore-failures)").ConfigureAwait(false);
                return (null, null);
            }

            await stderr.WriteLineAsync($"toe run: error: {message}; nothing was run (give --cw-ignore-failures to run without streaming)").ConfigureAwait(false);
            return (null, message + "; nothing was run");
        }
    }

    /// <summary>Sends the last lines; the failure that fails the run, or null (none, or ignored and printed as a warning).</summary>
    public async Task<string?> FinishAsync(TextWriter stderr)
    {
        if (await _sink.CompleteAsync(FinalFlushLimit).ConfigureAwait(false) is not { } failure)
        {
            return null;
        }

        if (_ignoreFailures)
        {
            await stderr.WriteLineAsync($"toe run: warning: {failure} (ignored: --cw-ignore-failures)").ConfigureAwait(false);
            return null;
        }

        await stderr.WriteLineAsync($"toe run: error: {failure}").ConfigureAwait(false);
        return failure;
    }

    public ValueTask DisposeAsync() => _sink.DisposeAsync();
}

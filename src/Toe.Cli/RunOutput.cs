using Toe.Actions;
using Toe.Configuration;
using Toe.Documents;
using Toe.Engine;
using Toe.Reports;

namespace Toe.Cli;

/// <summary>Runs validated documents through the engine and prints the outcome.</summary>
internal static class RunOutput
{
    /// <summary>The summary awstoe prints when nothing could run (an invalid document, a bad flag).</summary>
    public static string NotRunSummary(string executionId, string message) =>
        new RunSummary { ExecutionId = executionId, Status = Statuses.Failed, FailureMessage = message }.ToJson();

    public static async Task<int> ExecuteAsync(RunSettings settings, IReadOnlyList<(DocumentInput Input, ComponentDocument Document)> documents, RebootChoice reboot, Interruption interruption, TextWriter stdout, TextWriter stderr)
    {
        // IMDS is only asked when a document reads {{ aws:imds:... }} or {{ context:accountId|region }}.
        using var instanceMetadata = Toe.Aws.Imds.ImdsClient.FromEnvironment();
        // SSM is only asked (and credentials only looked for) when a document reads {{ aws:ssm:... }}.
        using var parameterStore = new Toe.Aws.Ssm.SsmParameterStore(Toe.Aws.AwsEnvironment.Process);
        var store = new Toe.Reboot.RunStateStore(settings.StateDirectory ?? Toe.Reboot.RunStateStore.DefaultDirectory());
        // The fingerprint is a SHA-256 (through OpenSSL, a few milliseconds to load): computed once, and only when a saved
        // state must be compared with it or a reboot saves one.
        var identity = new Lazy<string>(() => Toe.Reboot.RunIdentity.Compute(
            [.. documents.Select(d => new Toe.Reboot.RunIdentity.Document(d.Document.Source, d.Document.Text, d.Input.Parameters))], new Dictionary<string, string>(), settings.Phases));

        // A run resumed after a reboot keeps its execution id, and so its default CloudWatch stream.
        var executionId = store.Load().State is { } saved && saved.Identity == identity.Value ? saved.ExecutionId : settings.ExecutionId;
        var (cloudWatch, cloudWatchProblem) = await CloudWatchStreaming.StartAsync(settings, executionId, stderr).ConfigureAwait(false);
        if (cloudWatchProblem is not null)
        {
            await stdout.WriteLineAsync(NotRunSummary(settings.ExecutionId, cloudWatchProblem)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using var streaming = cloudWatch;
        var engine = new Toe.Engine.Engine(BuiltInActions.CreateRegistry(), new EngineOptions
        {
            InstanceMetadata = instanceMetadata,
            ParameterStore = parameterStore,
            ConsoleMirror = cloudWatch?.Sink,
        });
        var request = new RunRequest
        {
            Documents = documents.Select(d => new DocumentRequest(d.Document) { Parameters = d.Input.Parameters }).ToList(),
            Phases = settings.Phases,
            ExecutionId = settings.ExecutionId,
            LogDirectory = settings.LogDirectory,
            Trace = settings.Trace,
            DescribeInterruption = () => interruption.Signal ?? "SIGINT/SIGTERM",
            // The same checks RunCommand made, for documents that ExecuteDocument runs.
            Validation = new Toe.Validation.ValidationOptions { BlockedActionModules = settings.BlockedActionModules, OsPlatform = Toe.Validation.ValidationOptions.HostOsPlatform },
        };

        var resumable = new Toe.Reboot.ResumableRun(engine, store, Toe.Reboot.SystemRebootHost.Instance, reboot.Mode, line => stderr.WriteLine($"toe run: {line}"))
        {
            MaxReboots = reboot.MaxReboots,
        };
        var outcome = await resumable.RunAsync(request, () => identity.Value, RebootChoice.CurrentCommand(), Environment.CurrentDirectory, new ConsoleProgress(stderr), interruption.Token).ConfigureAwait(false);
        if (outcome.Result is not { } result)
        {
            await stderr.WriteLineAsync($"toe run: error: {outcome.Problem}").ConfigureAwait(false);
            await stdout.WriteLineAsync(NotRunSummary(settings.ExecutionId, outcome.Problem ?? "nothing was run")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (outcome.Problem is not null)
        {
            await stderr.WriteLineAsync($"toe run: error: {outcome.Problem}").ConfigureAwait(false);
        }

        // console.log is closed: its last lines go to CloudWatch Logs before the summary is printed.
        var summary = result.Summary;
        var exitCode = result.ExitCode;
        if (cloudWatch is not null && await cloudWatch.FinishAsync(stderr).ConfigureAwait(false) is { } streamingFailure)
        {
            summary = summary with
            {
                Status = Statuses.Failed,
                FailureMessage = summary.FailureMessage.Length == 0 ? streamingFailure : $"{summary.FailureMessage}; {streamingFailure}",
            };
            exitCode = ExitCodes.Failure;
        }

        // Logs go to S3 at the end of every invocation: after success, failure, and a pause for a reboot.
        if (settings.LogS3BucketName is { } bucket && result.LogFolder is { } folder)
        {
            summary = summary with { LogUrl = await UploadLogsAsync(settings, bucket, folder, stderr).ConfigureAwait(false) };
        }

        await stdout.WriteLineAsync(summary.ToJson()).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        if (result.LogFolder is null)
        {
            await stderr.WriteLineAsync($"toe run: error: {result.Summary.FailureMessage}").ConfigureAwait(false);
        }

        // An interrupted run exits as shells report a signal (128 + number): 130 for SIGINT, 143 for SIGTERM.
        return interruption.Signal switch
        {
            "SIGINT" => 130,
            "SIGTERM" => 143,
            _ when outcome.Action != Toe.Reboot.RebootAction.None => OperatingSystem.IsWindows() ? 3010 : ExitCodes.RebootRequested,
            _ => exitCode,
        };
    }

    /// <summary>
    /// Uploads the log folder, after the run whatever its outcome (an interrupted run included: its logs
    /// matter most). A failed upload does not change the run's status or exit code (the steps' outcome
    /// stands); it is reported on stderr and logUrl stays empty. Bounded so that a hanging endpoint
    /// cannot keep toe from exiting.
    /// </summary>
    private static async Task<string> UploadLogsAsync(RunSettings settings, string bucket, string folder, TextWriter stderr)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            var url = await Toe.Aws.S3LogUpload.UploadAsync(Toe.Aws.S3ClientFactory.Default, folder, bucket, settings.LogS3KeyPrefix, settings.LogS3BucketOwner, settings.ExecutionId, limit.Token).ConfigureAwait(false);
            await stderr.WriteLineAsync($"toe run: logs uploaded to {url}").ConfigureAwait(false);
            return url;
        }
        catch (Toe.Aws.S3FailureException ex)
        {
            await stderr.WriteLineAsync($"toe run: error: uploading the logs failed: {ex.Message}; they are in {folder}").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"toe run: error: uploading the logs took longer than 10 minutes and was stopped; they are in {folder}").ConfigureAwait(false);
        }

        return string.Empty;
    }
}

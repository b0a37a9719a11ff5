using System.CommandLine;
using System.Runtime.InteropServices;
using Toe.Configuration;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Cli;

/// <summary>
/// <c>toe run</c>: merges flags and --config, validates every document before any step runs, runs
/// them, prints awstoe's run summary JSON on stdout and progress on stderr.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var documents = CliOptions.Documents(required: false);
        var config = CliOptions.Config();
        var phases = CliOptions.Phases();
        var parameters = CliOptions.Parameters();
        var executionId = CliOptions.ExecutionId();
        var logDirectory = CliOptions.LogDirectory();
        var stateDirectory = CliOptions.StateDirectory();
        var trace = CliOptions.Trace();
        var version = CliOptions.Version();
        var blocked = CliOptions.BlockedActionModules();
        var bucketOwner = CliOptions.DocumentS3BucketOwner();
        var logBucket = CliOptions.Text("--log-s3-bucket-name", "S3 bucket the log folder is uploaded to at the end of the run (also when it fails); the summary's logUrl says where.", "bucket", "-b");
        var logBucketOwner = CliOptions.Text("--log-s3-bucket-owner", "Expected owner account of the log bucket (checked by S3).", "account-id");
        var logPrefix = CliOptions.Text("--log-s3-key-prefix", "Key prefix of the uploaded logs: s3://<bucket>/<prefix>/<execution id>/TOE_.../...", "prefix", "-k");
        var cwGroup = CliOptions.Text("--cw-log-group", "CloudWatch Logs group to stream console.log to, line by line while the run goes (the group must exist; the stream is created).", "group");
        var cwStream = CliOptions.Text("--cw-log-stream", "CloudWatch Logs stream in --cw-log-group (default: the execution id); an existing stream is appended to.", "stream");
        var cwRegion = CliOptions.Text("--cw-log-region", "Region of --cw-log-group (default: AWS_REGION, AWS_DEFAULT_REGION, the profile, IMDS).", "region");
        var cwIgnore = new Option<bool>("--cw-ignore-failures") { Description = "CloudWatch Logs failures only warn on stderr; without it they fail the run (nothing runs when streaming cannot start)." };
        var rebootMode = CliOptions.RebootMode();
        var maxReboots = CliOptions.MaxReboots();

        var command = new Command("run", "Run component documents: their phases in document order (or those given with --phases), each step in order. Writes the log folder TOE_<time>_<id> and prints the run summary as JSON on stdout. Exit code 0 on success (ignored failures included), 1 on failure, 194 (3010 on Windows) when a step asked for a reboot and the run is paused to resume after it (see --reboot-mode), 130/143 when interrupted by SIGINT/SIGTERM.")
        {
            documents, config, phases, parameters, executionId, logDirectory, stateDirectory, trace, version, blocked, bucketOwner,
            logBucket, logBucketOwner, logPrefix, cwGroup, cwStream, cwRegion, cwIgnore, rebootMode, maxReboots,
        };

        command.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(version))
            {
                await stdout.WriteLineAsync(CliHost.Version).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var options = new CommandLineRunOptions
            {
                Documents = parse.GetValue(documents),
                Config = parse.GetValue(config),
                Phases = parse.GetValue(phases),
                Parameters = parse.GetValue(parameters),
                ExecutionId = parse.GetValue(executionId),
                LogDirectory = parse.GetValue(logDirectory),
                StateDirectory = parse.GetValue(stateDirectory),
                Trace = parse.GetResult(trace) is null ? null : parse.GetValue(trace),
                BlockedActionModules = parse.GetValue(blocked),
                DocumentS3BucketOwner = parse.GetValue(bucketOwner),
                LogS3BucketName = parse.GetValue(logBucket),
                LogS3BucketOwner = parse.GetValue(logBucketOwner),
                LogS3KeyPrefix = parse.GetValue(logPrefix),
                CwLogGroup = parse.GetValue(cwGroup),
                CwLogStream = parse.GetValue(cwStream),
                CwLogRegion = parse.GetValue(cwRegion),
                CwIgnoreFailures = parse.GetResult(cwIgnore) is null ? null : parse.GetValue(cwIgnore),
            };
            if (!Toe.Reboot.RebootModes.TryParse(parse.GetValue(rebootMode) ?? "auto", out var mode))
            {
                await stderr.WriteLineAsync($"toe run: error: --reboot-mode '{parse.GetValue(rebootMode)}' is not one of {string.Join(", ", Toe.Reboot.RebootModes.Names)}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            if (parse.GetValue(maxReboots) is var max && max < 0)
            {
                await stderr.WriteLineAsync($"toe run: error: --max-reboots is {max}; give 0 or more").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var reboot = RebootChoice.Resolve(mode, max, stderr);
            if (reboot is null)
            {
                return ExitCodes.Failure;
            }

            return await RunAsync(options, reboot, stdout, stderr).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandLineRunOptions options, RebootChoice reboot, TextWriter stdout, TextWriter stderr)
    {
        var s3 = Toe.Aws.S3ClientFactory.Default;
        var (settings, problems) = RunSettingsResolver.Resolve(options, readRemote: (uri, owner) => Toe.Aws.S3Documents.ReadAsync(s3, uri, owner, CancellationToken.None).GetAwaiter().GetResult());
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync($"toe run: {Describe(problem)}").ConfigureAwait(false);
        }

        if (settings is null)
        {
            return ExitCodes.Failure;
        }

        var refused = false;
        foreach (var setting in settings.Unsupported)
        {
            await stderr.WriteLineAsync($"toe run: {(setting.LosesData ? "error" : "note")}: {setting.Flag}: {setting.Reason}").ConfigureAwait(false);
            refused |= setting.LosesData;
        }

        if (refused)
        {
            return ExitCodes.Failure;
        }

        // Every document is read and validated before the first step runs: a typo in the third
        // document must not surface after the first two have changed the machine.
        // The host's platform is checked here: a Windows-only module cannot run on Linux, so say so before the first step.
        var validation = new ValidationOptions { BlockedActionModules = settings.BlockedActionModules, OsPlatform = ValidationOptions.HostOsPlatform };
        var loaded = new List<(DocumentInput Input, ComponentDocument Document)>();
        var invalid = 0;
        foreach (var input in settings.Documents)
        {
            var document = await Toe.Aws.DocumentLocations.Default.LoadAsync(input.Source, settings.DocumentS3BucketOwner, CancellationToken.None).ConfigureAwait(false);
            if (loaded.Count + invalid == 0)
            {
                // The report serialisers take milliseconds to prepare under Native AOT: now, on the core that would
                // otherwise wait for the schema, and not earlier, where they slowed reading the document down.
                Toe.Reports.ReportJson.Prepare();
            }

            var diagnostics = DocumentValidator.Validate(document, validation);
            foreach (var diagnostic in diagnostics)
            {
                await stderr.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            if (document.Document is null || diagnostics.Any(d => d.Severity == Severity.Error))
            {
                invalid++;
                continue;
            }

            loaded.Add((input, document.Document));
            foreach (var unknown in input.Parameters.Keys.Where(k => document.Document.Parameters.All(p => p.Name != k)))
            {
                await stderr.WriteLineAsync($"toe run: note: parameter '{unknown}' is not declared by {input.Source}; ignored").ConfigureAwait(false);
            }
        }

        if (invalid > 0)
        {
            var message = invalid == 1 ? "1 document is invalid; nothing was run" : $"{invalid} documents are invalid; nothing was run";
            await stderr.WriteLineAsync($"toe run: {message}").ConfigureAwait(false);
            await stdout.WriteLineAsync(RunOutput.NotRunSummary(settings.ExecutionId, message)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        using var interruption = new Interruption();
        StartupGc.Resume();
        return await RunOutput.ExecuteAsync(settings, loaded, reboot, interruption, stdout, stderr).ConfigureAwait(false);
    }

    private static string Describe(Diagnostic diagnostic) =>
        diagnostic.Location.File == "command line" ? $"{diagnostic.SeverityText}: {diagnostic.Message}" : diagnostic.ToString();
}

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation that names the signal, instead of letting the
/// runtime end the process: the running step's process tree is ended and the reports are written.
/// A second signal ends toe at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, "SIGINT")),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, "SIGTERM")),
        ];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that interrupted the run, or null.</summary>
    public string? Signal { get; private set; }

    private void Handle(PosixSignalContext context, string signal)
    {
        if (Signal is not null)
        {
            return; // Second signal: let the default handling end the process.
        }

        context.Cancel = true;
        Signal = signal;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}

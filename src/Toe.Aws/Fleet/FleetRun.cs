using Amazon.Runtime;
using Toe.Configuration;
using Toe.Documents;

namespace Toe.Aws.Fleet;

/// <summary>
/// <c>toe aws run</c>: check the instances, stage the inputs, send one SSM command, follow it, and
/// collect an outcome per instance. Each step is one class of this folder; the documents themselves
/// are run by toe (or awstoe) on the instances, never here.
/// </summary>
public sealed class FleetRun
{
    private readonly SsmClientFactory _ssm;
    private readonly S3ClientFactory _s3;
    private readonly TextWriter _progress;

    public FleetRun(SsmClientFactory ssm, S3ClientFactory s3, TextWriter progress)
    {
        _ssm = ssm;
        _s3 = s3;
        _progress = progress;
    }

    /// <summary>The executionTimeout: --timeout-seconds, else sized from the documents.</summary>
    public static int TimeoutFor(FleetRunOptions options, IReadOnlyList<ComponentDocument> documents)
    {
        if (options.TimeoutSeconds is { } given)
        {
            return given;
        }

        var phases = options.Phases is null ? null : new HashSet<string>(RunSettingsResolver.SplitList(options.Phases), StringComparer.Ordinal);
        var parameters = RunSettingsResolver.ParseParameters(options.Parameters, []);
        return CommandTimeout.Compute(documents, phases, parameters);
    }

    /// <summary>Runs it; throws <see cref="AwsFailureException"/> with a one-line reason when it cannot start or follow the command.</summary>
    public async Task<FleetRunResult> RunAsync(FleetRunOptions options, IReadOnlyList<ComponentDocument> documents, CancellationToken cancellationToken)
    {
        var timeout = TimeoutFor(options, documents);
        using var ssm = _ssm.Create();
        IReadOnlyList<ManagedInstance> instances;
        try
        {
            instances = await FleetInstances.CheckAsync(ssm, options, _ssm.Region, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw new AwsFailureException("SSM DescribeInstanceInformation: " + FleetErrors.Reason(ex), ex.ErrorCode, (int)ex.StatusCode);
        }

        var expected = options.InstanceIds.Count > 0 ? options.InstanceIds : [.. instances.Select(i => i.InstanceId)];
        await _progress.WriteLineAsync($"toe aws run: {expected.Count} instance(s) online in SSM: {string.Join(", ", expected)}").ConfigureAwait(false);

        var staged = await FleetStaging.StageAsync(_s3, options, cancellationToken).ConfigureAwait(false);
        await _progress.WriteLineAsync($"toe aws run: staged in {staged.RunFolder}").ConfigureAwait(false);

        var script = new InstanceScript
        {
            Executor = options.Executor,
            DocumentUris = staged.DocumentUris,
            Phases = options.Phases,
            Parameters = options.Parameters,
            LogBucket = options.Bucket,
            LogKeyPrefix = staged.LogKeyPrefix,
            Binary = staged.Binary,
            Region = _ssm.Region ?? S3ClientFactory.DefaultOverrideRegion,
            RunId = options.RunId,
        };
        var command = new FleetCommand(ssm, _progress);
        var commandId = await command.SendAsync(options, script, timeout, expected.Count, cancellationToken).ConfigureAwait(false);
        await _progress.WriteLineAsync($"toe aws run: command {commandId} sent (executionTimeout {timeout} s)").ConfigureAwait(false);

        var outcomes = await command.WaitAsync(commandId, expected, staged, options, timeout, cancellationToken).ConfigureAwait(false);
        return new FleetRunResult(commandId, timeout, staged.RunFolder, outcomes);
    }
}

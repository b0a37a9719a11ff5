using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Toe.Aws.Fleet;

/// <summary>
/// Sends the script with AWS-RunShellScript (SendCommand) and follows it: ListCommands for the
/// command's status, ListCommandInvocations for each instance's, polled with a growing interval, a
/// progress line on every change; then GetCommandInvocation for each instance's output and exit code.
/// The SDK client retries throttled calls itself; a poll that is still throttled after that just waits
/// for the next round, as the command runs on regardless.
/// </summary>
public sealed class FleetCommand
{
    public const string DocumentName = "AWS-RunShellScript";

    /// <summary>SSM's largest delivery timeout (TimeoutSeconds): 30 days.</summary>
    public const int MaxDeliveryTimeout = 2592000;

    private static readonly HashSet<string> TerminalCommandStatuses = new(StringComparer.Ordinal) { "Success", "Failed", "TimedOut", "Cancelled" };
    private static readonly HashSet<string> TerminalInvocationStatuses = new(StringComparer.Ordinal) { "Success", "Failed", "TimedOut", "Cancelled" };

    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly TextWriter _progress;

    public FleetCommand(IAmazonSimpleSystemsManagement ssm, TextWriter progress)
    {
        _ssm = ssm;
        _progress = progress;
    }

    /// <summary>Sends the command; returns its id. Throws <see cref="AwsFailureException"/> with a one-line reason.</summary>
    public async Task<string> SendAsync(FleetRunOptions options, InstanceScript script, int executionTimeout, int instanceCount, CancellationToken cancellationToken)
    {
        var request = new SendCommandRequest
        {
            DocumentName = DocumentName,
            Parameters = new Dictionary<string, List<string>>
            {
                ["commands"] = [.. script.Lines()],
                ["executionTimeout"] = [executionTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            },
            Comment = Truncate(options.Comment ?? $"toe aws run {options.RunId}", 100),
            MaxErrors = options.MaxErrors ?? "0",
            TimeoutSeconds = DeliveryTimeout(executionTimeout, instanceCount, options.MaxConcurrency),
        };
        if (options.MaxConcurrency is not null)
        {
            request.MaxConcurrency = options.MaxConcurrency;
        }

        if (options.InstanceIds.Count > 0)
        {
            request.InstanceIds = [.. options.InstanceIds];
        }
        else
        {
            request.Targets = [.. options.Targets.Select(t => new Target { Key = t.Key, Values = [.. t.Values] })];
        }

        try
        {
            var response = await _ssm.SendCommandAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Command.CommandId;
        }
        catch (AmazonServiceException ex)
        {
            throw new AwsFailureException("SSM SendCommand: " + FleetErrors.Reason(ex), ex.ErrorCode, (int)ex.StatusCode);
        }
    }

    /// <summary>
    /// The delivery timeout: a queued instance (MaxConcurrency) must still be started in time, so each
    /// batch of instances may take the whole execution timeout. At least SSM's default of an hour.
    /// </summary>
    public static int DeliveryTimeout(int executionTimeout, int instanceCount, string? maxConcurrency)
    {
        var concurrency = 50;
        if (maxConcurrency is { } text)
        {
            if (text.EndsWith('%') && int.TryParse(text[..^1], out var percent))
            {
                concurrency = Math.Max(1, (int)Math.Ceiling(instanceCount * percent / 100.0));
            }
            else if (int.TryParse(text, out var number))
            {
                concurrency = Math.Max(1, number);
            }
        }

        var batches = Math.Max(1, (int)Math.Ceiling(Math.Max(1, instanceCount) / (double)concurrency));
        return (int)Math.Clamp((long)executionTimeout * batches + 300, 3600, MaxDeliveryTimeout);
    }

    /// <summary>Follows the command to its end; returns one outcome per instance (those expected and those SSM added).</summary>
    public async Task<IReadOnlyList<InstanceOutcome>> WaitAsync(string commandId, IReadOnlyList<string> expected, StagedRun staged, FleetRunOptions options, int executionTimeout, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var delay = options.PollInterval;
        var terminalPolls = 0;
        while (true)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, (long)(delay.Ticks * 1.5)));
            string commandStatus;
            List<CommandInvocation> invocations;
            try
            {
                commandStatus = await CommandStatusAsync(commandId, cancellationToken).ConfigureAwait(false);
                invocations = await InvocationsAsync(commandId, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex) when (FleetErrors.IsThrottling(ex))
            {
                await _progress.WriteLineAsync($"toe aws run: SSM is throttling the status requests; waiting longer").ConfigureAwait(false);
                delay = options.MaxPollInterval;
                continue;
            }
            catch (AmazonServiceException ex)
            {
                throw new AwsFailureException($"SSM {ex.ErrorCode}: {FleetErrors.Reason(ex)}; the command {commandId} may still run: see aws ssm list-command-invocations --command-id {commandId}", ex.ErrorCode, (int)ex.StatusCode);
            }

            foreach (var invocation in invocations)
            {
                var status = invocation.Status?.Value ?? "Pending";
                if (!statuses.TryGetValue(invocation.InstanceId, out var before) || before != status)
                {
                    statuses[invocation.InstanceId] = status;
                    var details = invocation.StatusDetails is { Length: > 0 } d && d != status ? $" ({d})" : string.Empty;
                    await _progress.WriteLineAsync($"toe aws run: {invocation.InstanceId}: {status}{details}").ConfigureAwait(false);
                }
            }

            // Invocations SSM never sent (after --max-errors) may keep a non-final status once the command has ended:
            // a few polls after the command's end are enough.
            if (TerminalCommandStatuses.Contains(commandStatus) && (statuses.Values.All(TerminalInvocationStatuses.Contains) || ++terminalPolls >= 3))
            {
                break;
            }
        }

        var outcomes = new List<InstanceOutcome>();
        foreach (var instance in expected.Concat(statuses.Keys).Distinct(StringComparer.Ordinal))
        {
            var logFolder = $"s3://{options.Bucket}/{staged.LogKeyPrefix}/{instance}/";
            if (!statuses.ContainsKey(instance))
            {
                outcomes.Add(new InstanceOutcome { InstanceId = instance, Status = "NotRun", Message = "SSM did not run the command here (--max-errors reached, or the instance left the targets)", Logs = string.Empty });
                continue;
            }

            outcomes.Add(await OutcomeAsync(commandId, instance, logFolder, executionTimeout, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<InstanceOutcome> OutcomeAsync(string commandId, string instance, string logFolder, int executionTimeout, CancellationToken cancellationToken)
    {
        GetCommandInvocationResponse invocation;
        try
        {
            invocation = await _ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instance }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            return new InstanceOutcome { InstanceId = instance, Status = "Unknown", Message = $"cannot read its output: {FleetErrors.Reason(ex)}", Logs = logFolder };
        }

        var status = invocation.Status?.Value ?? "Unknown";
        var summary = RunSummaryOutput.Find(invocation.StandardOutputContent);
        var message = status switch
        {
            "Success" => string.Empty,
            "TimedOut" => $"the command timed out after {executionTimeout} s ({invocation.StatusDetails}); the steps may need longer: raise --timeout-seconds",
            "Cancelled" => $"not run to the end: SSM cancelled it ({invocation.StatusDetails}); --max-errors was reached, or the command was cancelled",
            "Pending" or "Delayed" => $"not run: SSM did not send the command here ({invocation.StatusDetails}); --max-errors was reached, or the instance was unavailable",
            _ when summary is { FailureMessage.Length: > 0 } => summary.FailureMessage,
            _ => LastLine(invocation.StandardErrorContent) is { Length: > 0 } line ? line : $"{invocation.StatusDetails} with exit code {invocation.ResponseCode}",
        };
        return new InstanceOutcome
        {
            InstanceId = instance,
            Status = status,
            StatusDetails = invocation.StatusDetails ?? string.Empty,
            ResponseCode = invocation.ResponseCode,
            FailedStep = summary?.FailedStep ?? string.Empty,
            Message = message,
            Logs = summary is { LogUrl.Length: > 0 } ? summary.LogUrl : logFolder,
            ExecutionId = summary?.ExecutionId ?? string.Empty,
        };
    }

    private async Task<string> CommandStatusAsync(string commandId, CancellationToken cancellationToken)
    {
        var response = await _ssm.ListCommandsAsync(new ListCommandsRequest { CommandId = commandId }, cancellationToken).ConfigureAwait(false);
        return response.Commands is { Count: > 0 } commands ? commands[0].Status?.Value ?? "Pending" : "Pending";
    }

    private async Task<List<CommandInvocation>> InvocationsAsync(string commandId, CancellationToken cancellationToken)
    {
        var result = new List<CommandInvocation>();
        string? next = null;
        do
        {
            var response = await _ssm.ListCommandInvocationsAsync(new ListCommandInvocationsRequest { CommandId = commandId, NextToken = next, MaxResults = 50 }, cancellationToken).ConfigureAwait(false);
            result.AddRange(response.CommandInvocations ?? []);
            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return result;
    }

    private static string LastLine(string? text) =>
        text?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

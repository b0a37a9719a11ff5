using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toe.Tests.Support;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// A fake SSM Run Command on an <see cref="AwsEmulator"/>: DescribeInstanceInformation, SendCommand (AWS-RunShellScript),
/// ListCommands, ListCommandInvocations and GetCommandInvocation with the request and response shapes and the error
/// codes of the SSM API reference. Its "instances" are real: each runs the command's script with bash on this machine,
/// in a temporary folder of its own (the agent's orchestration folder, kept across reboots), with
/// <see cref="InstanceEnvironment"/> (so S3 goes to the test's s3rver) and a <c>toe</c> on PATH that is the built binary.
/// It honours MaxConcurrency and MaxErrors, reports Pending, InProgress, then Success/Failed/TimedOut with
/// StandardOutputContent truncated to 24,000 characters as SSM does, and on exit code 194 runs the script again, as the
/// agent does after the reboot.
/// </summary>
public sealed partial class SsmRunCommandService : IDisposable
{
    public const int MaxOutput = 24000;
    public const int MaxErrorOutput = 8000;

    private readonly ConcurrentDictionary<string, FakeInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeCommand> _commands = new(StringComparer.Ordinal);
    private readonly TempFolder _root = new();
    private int _running;
    private int _maxRunning;

    public SsmRunCommandService(AwsEmulator emulator)
    {
        WrapperFolder = Path.Combine(_root.Path, "bin");
        Directory.CreateDirectory(WrapperFolder);
        WriteToeWrapper(Path.Combine(WrapperFolder, "toe"));
        emulator.Handle("ssm:DescribeInstanceInformation", DescribeInstanceInformation);
        emulator.Handle("ssm:SendCommand", SendCommand);
        emulator.Handle("ssm:ListCommands", ListCommands);
        emulator.Handle("ssm:ListCommandInvocations", ListCommandInvocations);
        emulator.Handle("ssm:GetCommandInvocation", GetCommandInvocation);
    }

    /// <summary>Variables every instance's script gets, on top of this process's (the test sets S3's endpoint and keys).</summary>
    public Dictionary<string, string> InstanceEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>A folder on the instances' PATH holding a <c>toe</c> that runs the built binary (TOE_BIN, else toe.dll).</summary>
    public string WrapperFolder { get; }

    /// <summary>The most instances that ran the script at the same time.</summary>
    public int MaxRunningAtOnce => Volatile.Read(ref _maxRunning);

    /// <summary>Adds an instance registered with SSM.</summary>
    public void AddInstance(string instanceId, string pingStatus = "Online", params (string Key, string Value)[] tags) =>
        _instances[instanceId] = new FakeInstance(instanceId, pingStatus, tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    /// <summary>How many times an instance ran the script of a command (reruns after 194 included).</summary>
    public int Runs(string instanceId) => _commands.Values.Sum(c => c.Invocations.TryGetValue(instanceId, out var i) ? i.Runs : 0);

    /// <summary>The folder an instance ran a command in.</summary>
    public string FolderOf(string commandId, string instanceId) => Path.Combine(_root.Path, commandId, instanceId);

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            try
            {
                command.Done.Wait(TimeSpan.FromSeconds(60));
            }
            catch (AggregateException)
            {
            }
        }

        _root.Dispose();
    }

    private EmulatorReply DescribeInstanceInformation(EmulatorCall call)
    {
        var request = call.Json;
        if (request["InstanceInformationFilterList"] is not null && request["Filters"] is not null)
        {
            return EmulatorReply.Error(400, "ValidationException", "InstanceInformationFilterList and Filters cannot be used together");
        }

        IEnumerable<FakeInstance> matches = _instances.Values.OrderBy(i => i.Id, StringComparer.Ordinal);
        foreach (var filter in request["Filters"]?.AsArray() ?? [])
        {
            var key = filter!["Key"]!.GetValue<string>();
            var values = filter["Values"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            if (key != "InstanceIds" && key != "tag-key" && key != "PingStatus" && !key.StartsWith("tag:", StringComparison.Ordinal))
            {
                return EmulatorReply.Error(400, "InvalidFilterKey", $"The filter key {key} is not valid");
            }

            matches = matches.Where(instance => Matches(instance, key, values)).ToList();
        }

        var list = new JsonArray();
        foreach (var instance in matches)
        {
            list.Add((JsonNode)new JsonObject
            {
                ["InstanceId"] = instance.Id,
                ["PingStatus"] = instance.PingStatus,
                ["LastPingDateTime"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["AgentVersion"] = "3.3.0.0",
                ["IsLatestVersion"] = true,
                ["PlatformType"] = "Linux",
                ["PlatformName"] = "Amazon Linux",
                ["ResourceType"] = "EC2Instance",
                ["ComputerName"] = "ip-10-0-0-1." + instance.Id,
            });
        }

        return EmulatorReply.Json(new JsonObject { ["InstanceInformationList"] = list });
    }

    private EmulatorReply SendCommand(EmulatorCall call)
    {
        var request = call.Json;
        var document = request["DocumentName"]?.GetValue<string>();
        if (document != "AWS-RunShellScript")
        {
            return EmulatorReply.Error(400, "InvalidDocument", $"Document {document} does not exist in your account");
        }

        var parameters = request["Parameters"]?.AsObject();
        var commands = parameters?["commands"]?.AsArray().Select(v => v!.GetValue<string>()).ToList();
        if (commands is null || commands.Count == 0)
        {
            return EmulatorReply.Error(400, "InvalidParameters", "Parameter \"commands\" is required");
        }

        var timeoutText = parameters!["executionTimeout"]?.AsArray().Single()!.GetValue<string>() ?? "3600";
        if (!int.TryParse(timeoutText, out var executionTimeout) || executionTimeout is < 1 or > 172800)
        {
            return EmulatorReply.Error(400, "InvalidParameters", $"Parameter \"executionTimeout\" \"{timeoutText}\" does not match the allowed pattern");
        }

        var maxConcurrency = request["MaxConcurrency"]?.GetValue<string>() ?? "50";
        var maxErrors = request["MaxErrors"]?.GetValue<string>() ?? "0";
        if (!MaxConcurrencyPattern().IsMatch(maxConcurrency) || !MaxErrorsPattern().IsMatch(maxErrors))
        {
            return EmulatorReply.Error(400, "ValidationException", $"1 validation error detected: MaxConcurrency '{maxConcurrency}' or MaxErrors '{maxErrors}' failed to satisfy constraint");
        }

        if (request["TimeoutSeconds"]?.GetValue<int>() is { } delivery && delivery is < 30 or > 2592000)
        {
            return EmulatorReply.Error(400, "ValidationException", "Value at 'timeoutSeconds' failed to satisfy constraint: Member must have value between 30 and 2592000");
        }

        if (request["Comment"]?.GetValue<string>() is { Length: > 100 })
        {
            return EmulatorReply.Error(400, "ValidationException", "Value at 'comment' failed to satisfy constraint: Member must have length less than or equal to 100");
        }

        var ids = request["InstanceIds"]?.AsArray().Select(v => v!.GetValue<string>()).ToList();
        var targets = request["Targets"]?.AsArray();
        if ((ids is { Count: > 0 }) == (targets is { Count: > 0 }))
        {
            return EmulatorReply.Error(400, "ValidationException", "Specify either InstanceIds or Targets, not both and not neither");
        }

        List<FakeInstance> instances;
        if (ids is { Count: > 0 })
        {
            var unknown = ids.Where(id => !_instances.TryGetValue(id, out var i) || i.PingStatus != "Online").ToList();
            if (unknown.Count > 0)
            {
                return EmulatorReply.Error(400, "InvalidInstanceId", $"Instances [[{string.Join(", ", unknown)}]] not in a valid state for account {AwsEmulator.AccountId}");
            }

            instances = [.. ids.Select(id => _instances[id])];
        }
        else
        {
            IEnumerable<FakeInstance> matches = _instances.Values.OrderBy(i => i.Id, StringComparer.Ordinal);
            foreach (var target in targets!)
            {
                var key = target!["Key"]!.GetValue<string>();
                var values = target["Values"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                matches = matches.Where(instance => Matches(instance, key, values)).ToList();
            }

            instances = [.. matches.Where(i => i.PingStatus == "Online")];
        }

        var command = new FakeCommand("cmd-" + Guid.NewGuid().ToString("N")[..17], request, commands, executionTimeout, maxConcurrency, maxErrors, instances.Select(i => i.Id).ToList());
        _commands[command.Id] = command;
        command.Done = Task.Run(() => RunCommandAsync(command));
        return EmulatorReply.Json(new JsonObject { ["Command"] = CommandJson(command) });
    }

    private EmulatorReply ListCommands(EmulatorCall call)
    {
        var id = call.Json["CommandId"]?.GetValue<string>();
        if (id is not null && !_commands.ContainsKey(id))
        {
            return EmulatorReply.Error(400, "InvalidCommandId", "The command ID is not valid");
        }

        var list = new JsonArray();
        foreach (var command in _commands.Values.Where(c => id is null || c.Id == id))
        {
            list.Add((JsonNode)CommandJson(command));
        }

        return EmulatorReply.Json(new JsonObject { ["Commands"] = list });
    }

    private EmulatorReply ListCommandInvocations(EmulatorCall call)
    {
        var id = call.Json["CommandId"]?.GetValue<string>();
        if (id is null || !_commands.TryGetValue(id, out var command))
        {
            return EmulatorReply.Error(400, "InvalidCommandId", "The command ID is not valid");
        }

        var list = new JsonArray();
        foreach (var invocation in command.Invocations.Values.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
        {
            list.Add((JsonNode)new JsonObject
            {
                ["CommandId"] = command.Id,
                ["InstanceId"] = invocation.InstanceId,
                ["DocumentName"] = "AWS-RunShellScript",
                ["DocumentVersion"] = "$DEFAULT",
                ["Comment"] = command.Request["Comment"]?.GetValue<string>() ?? string.Empty,
                ["RequestedDateTime"] = command.Requested.ToUnixTimeSeconds(),
                ["Status"] = invocation.Status,
                ["StatusDetails"] = invocation.StatusDetails,
                ["CommandPlugins"] = new JsonArray(),
            });
        }

        return EmulatorReply.Json(new JsonObject { ["CommandInvocations"] = list });
    }

    private EmulatorReply GetCommandInvocation(EmulatorCall call)
    {
        var id = call.Json["CommandId"]?.GetValue<string>();
        var instanceId = call.Json["InstanceId"]?.GetValue<string>();
        if (id is null || !_commands.TryGetValue(id, out var command))
        {
            return EmulatorReply.Error(400, "InvalidCommandId", "The command ID is not valid");
        }

        if (instanceId is null || !command.Invocations.TryGetValue(instanceId, out var invocation))
        {
            return EmulatorReply.Error(400, "InvocationDoesNotExist", "The command ID and instance ID you specified did not match any invocations");
        }

        lock (invocation)
        {
            return EmulatorReply.Json(new JsonObject
            {
                ["CommandId"] = command.Id,
                ["InstanceId"] = instanceId,
                ["Comment"] = command.Request["Comment"]?.GetValue<string>() ?? string.Empty,
                ["DocumentName"] = "AWS-RunShellScript",
                ["DocumentVersion"] = "$DEFAULT",
                ["PluginName"] = "aws:runShellScript",
                ["ResponseCode"] = invocation.ResponseCode,
                ["ExecutionStartDateTime"] = invocation.Started?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") ?? string.Empty,
                ["ExecutionEndDateTime"] = invocation.Ended?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") ?? string.Empty,
                ["Status"] = invocation.Status,
                ["StatusDetails"] = invocation.StatusDetails,
                ["StandardOutputContent"] = Truncate(invocation.Stdout, MaxOutput),
                ["StandardOutputUrl"] = string.Empty,
                ["StandardErrorContent"] = Truncate(invocation.Stderr, MaxErrorOutput),
                ["StandardErrorUrl"] = string.Empty,
            });
        }
    }

    private async Task RunCommandAsync(FakeCommand command)
    {
        var concurrency = Limit(command.MaxConcurrency, command.InstanceIds.Count, atLeastOne: true);
        var maxErrors = Limit(command.MaxErrors, command.InstanceIds.Count, atLeastOne: false);
        using var slots = new SemaphoreSlim(concurrency);
        var errors = 0;
        var running = new List<Task>();
        foreach (var instanceId in command.InstanceIds)
        {
            await slots.WaitAsync();
            var invocation = command.Invocations[instanceId];
            if (Volatile.Read(ref errors) > maxErrors)
            {
                // SSM stops sending once the errors exceed MaxErrors; the rest are never started.
                invocation.Set("Cancelled", "Cancelled");
                slots.Release();
                continue;
            }

            running.Add(Task.Run(async () =>
            {
                try
                {
                    await RunInvocationAsync(command, invocation);
                    if (invocation.Status != "Success")
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(running);
    }

    private async Task RunInvocationAsync(FakeCommand command, FakeInvocation invocation)
    {
        var folder = FolderOf(command.Id, invocation.InstanceId);
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, "_script.sh");
        await File.WriteAllTextAsync(script, string.Join('\n', command.Commands) + "\n");
        invocation.Started = DateTimeOffset.UtcNow;
        invocation.Set("InProgress", "InProgress");
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, now);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(command.ExecutionTimeout);
            for (var run = 1; run <= 10; run++)
            {
                invocation.Runs = run;
                var (exitCode, timedOut) = await RunScriptAsync(script, folder, invocation, deadline);
                if (timedOut)
                {
                    invocation.Finish("TimedOut", "ExecutionTimedOut", -1);
                    return;
                }

                if (exitCode == 194)
                {
                    continue; // the agent reboots the instance and runs the same script again
                }

                invocation.Finish(exitCode == 0 ? "Success" : "Failed", exitCode == 0 ? "Success" : "Failed", exitCode);
                return;
            }

            invocation.Finish("Failed", "Failed", 194);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<(int ExitCode, bool TimedOut)> RunScriptAsync(string script, string folder, FakeInvocation invocation, DateTime deadline)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(script);
        foreach (var (name, value) in InstanceEnvironment)
        {
            info.Environment[name] = value;
        }

        info.Environment["PATH"] = WrapperFolder + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        info.Environment["AWS_SSM_INSTANCE_ID"] = invocation.InstanceId;
        info.Environment["AWS_SSM_REGION_NAME"] = AwsEmulator.Region;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var output = await stdout;
        var errors = await stderr;
        lock (invocation)
        {
            invocation.Stdout += output;
            invocation.Stderr += errors;
        }

        return (timedOut ? -1 : process.ExitCode, timedOut);
    }

    private static JsonObject CommandJson(FakeCommand command)
    {
        var invocations = command.Invocations.Values.ToList();
        var terminal = invocations.Where(i => i.IsTerminal).ToList();
        var status = terminal.Count < invocations.Count ? (invocations.Any(i => i.Status != "Pending") ? "InProgress" : "Pending")
            : invocations.Any(i => i.Status is "Failed" or "Cancelled") ? "Failed"
            : invocations.Any(i => i.Status == "TimedOut") ? "TimedOut"
            : "Success";
        var json = new JsonObject
        {
            ["CommandId"] = command.Id,
            ["DocumentName"] = "AWS-RunShellScript",
            ["DocumentVersion"] = "$DEFAULT",
            ["Comment"] = command.Request["Comment"]?.GetValue<string>() ?? string.Empty,
            ["ExpiresAfter"] = command.Requested.AddHours(1).ToUnixTimeSeconds(),
            ["Parameters"] = command.Request["Parameters"]!.DeepClone(),
            ["InstanceIds"] = command.Request["InstanceIds"]?.DeepClone() ?? new JsonArray(),
            ["Targets"] = command.Request["Targets"]?.DeepClone() ?? new JsonArray(),
            ["RequestedDateTime"] = command.Requested.ToUnixTimeSeconds(),
            ["Status"] = status,
            ["StatusDetails"] = status,
            ["MaxConcurrency"] = command.MaxConcurrency,
            ["MaxErrors"] = command.MaxErrors,
            ["TargetCount"] = invocations.Count,
            ["CompletedCount"] = terminal.Count,
            ["ErrorCount"] = terminal.Count(i => i.Status is "Failed" or "TimedOut"),
            ["DeliveryTimedOutCount"] = 0,
            ["TimeoutSeconds"] = command.Request["TimeoutSeconds"]?.GetValue<int>() ?? 3600,
        };
        return json;
    }

    private static bool Matches(FakeInstance instance, string key, HashSet<string> values) => key switch
    {
        "InstanceIds" => values.Contains(instance.Id),
        "PingStatus" => values.Contains(instance.PingStatus),
        "tag-key" => instance.Tags.Keys.Any(values.Contains),
        _ when key.StartsWith("tag:", StringComparison.Ordinal) => instance.Tags.TryGetValue(key[4..], out var value) && values.Contains(value),
        _ => false,
    };

    private static int Limit(string text, int count, bool atLeastOne)
    {
        var value = text.EndsWith('%') ? (int)Math.Floor(count * int.Parse(text[..^1]) / 100.0) : int.Parse(text);
        return atLeastOne ? Math.Max(1, value) : value;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static void WriteToeWrapper(string path)
    {
        var bin = Environment.GetEnvironmentVariable("TOE_BIN");
        var line = string.IsNullOrEmpty(bin)
            ? $"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "toe.dll")}' \"$@\""
            : $"exec '{bin}' \"$@\"";
        File.WriteAllText(path, "#!/bin/sh\n" + line + "\n");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    [GeneratedRegex(@"^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$")]
    private static partial Regex MaxConcurrencyPattern();

    [GeneratedRegex(@"^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$")]
    private static partial Regex MaxErrorsPattern();

    private sealed record FakeInstance(string Id, string PingStatus, Dictionary<string, string> Tags);

    private sealed class FakeCommand
    {
        public FakeCommand(string id, JsonObject request, List<string> commands, int executionTimeout, string maxConcurrency, string maxErrors, List<string> instanceIds)
        {
            Id = id;
            Request = request;
            Commands = commands;
            ExecutionTimeout = executionTimeout;
            MaxConcurrency = maxConcurrency;
            MaxErrors = maxErrors;
            InstanceIds = instanceIds;
            foreach (var instanceId in instanceIds)
            {
                Invocations[instanceId] = new FakeInvocation(instanceId);
            }
        }

        public string Id { get; }

        public JsonObject Request { get; }

        public List<string> Commands { get; }

        public int ExecutionTimeout { get; }

        public string MaxConcurrency { get; }

        public string MaxErrors { get; }

        public List<string> InstanceIds { get; }

        public DateTimeOffset Requested { get; } = DateTimeOffset.UtcNow;

        public ConcurrentDictionary<string, FakeInvocation> Invocations { get; } = new(StringComparer.Ordinal);

        public Task Done { get; set; } = Task.CompletedTask;
    }

    private sealed class FakeInvocation(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public string Status { get; private set; } = "Pending";

        public string StatusDetails { get; private set; } = "Pending";

        public int ResponseCode { get; private set; } = -1;

        public string Stdout { get; set; } = string.Empty;

        public string Stderr { get; set; } = string.Empty;

        public int Runs { get; set; }

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset? Ended { get; private set; }

        public bool IsTerminal => Status is "Success" or "Failed" or "TimedOut" or "Cancelled";

        public void Set(string status, string details)
        {
            lock (this)
            {
                Status = status;
                StatusDetails = details;
            }
        }

        public void Finish(string status, string details, int responseCode)
        {
            lock (this)
            {
                ResponseCode = responseCode;
                Ended = DateTimeOffset.UtcNow;
                Status = status;
                StatusDetails = details;
            }
        }
    }
}

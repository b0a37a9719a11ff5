using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.Support;

namespace Toe.Tests.S3;

/// <summary>
/// <c>toe aws run</c> end to end: the real CLI as a child process → the SSM emulator (SigV4 checked) → fake
/// instances that run the staged script with bash and the built toe → the real s3rver (documents, logs).
/// In this namespace because it needs the s3rver that <see cref="S3Server"/> starts for it. One client
/// process talks to both, so the emulator accepts s3rver's only key pair (s3rver checks the key id, the
/// emulator the whole signature) and the session token of the emulator.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AwsRunCliTests
{
    private const string Hello = """
        name: hello
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Say
                action: ExecuteBash
                inputs:
                  commands:
                    - echo "hello from $AWS_SSM_INSTANCE_ID"
        """;

    private const string FailsOnBad = """
        name: fails-on-bad
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Prepare
                action: ExecuteBash
                inputs:
                  commands:
                    - echo prepared
              - name: CheckDisk
                action: ExecuteBash
                inputs:
                  commands:
                    - if [ "$AWS_SSM_INSTANCE_ID" = i-00000000000000bad ]; then echo "disk full on $AWS_SSM_INSTANCE_ID" >&2; exit 3; fi
        """;

    private static readonly string[] Ids = ["i-0000000000000000a", "i-0000000000000000b", "i-0000000000000000c"];

    private sealed class Fixture : IAsyncDisposable
    {
        public required AwsEmulator Emulator { get; init; }

        public required SsmRunCommandService Ssm { get; init; }

        public required string Bucket { get; init; }

        public required TempFolder Temp { get; init; }

        public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

        public async ValueTask DisposeAsync()
        {
            Ssm.Dispose();
            await Emulator.DisposeAsync();
            Temp.Dispose();
        }
    }

    private static async Task<Fixture> StartAsync(params string[] instances)
    {
        S3Server.Require();
        var emulator = await AwsEmulator.StartAsync();
        emulator.Keys = (S3Server.AccessKey, S3Server.AccessKey);
        var ssm = new SsmRunCommandService(emulator);
        foreach (var id in instances)
        {
            ssm.AddInstance(id);
        }

        var fixture = new Fixture { Emulator = emulator, Ssm = ssm, Bucket = await S3Server.CreateBucketAsync(), Temp = new TempFolder() };
        foreach (var (name, value) in emulator.ClientEnvironment())
        {
            fixture.Environment[name] = value;
            ssm.InstanceEnvironment[name] = value!;
        }

        fixture.Environment["AWS_ENDPOINT_URL_S3"] = S3Server.Endpoint;
        ssm.InstanceEnvironment["AWS_ENDPOINT_URL_S3"] = S3Server.Endpoint;
        fixture.Environment["TOE_AWS_POLL_MS"] = "100";
        fixture.Environment["AWS_PROFILE"] = null;
        fixture.Environment["AWS_DEFAULT_REGION"] = null;
        return fixture;
    }

    private static ToeProcess.Result Run(Fixture fixture, params string[] args)
    {
        var result = ToeProcess.RunIn(fixture.Temp.Path, fixture.Environment, ["aws", "run", .. args]);
        TestContext.Out.WriteLine($"exit {result.ExitCode}\n--- stdout\n{result.Stdout}--- stderr\n{result.Stderr}");
        NoCredentialIn(result.Stdout + result.Stderr);
        return result;
    }

    private static void NoCredentialIn(string text)
    {
        text.Should().NotContain(AwsEmulator.SessionToken, "a session token never reaches any output");
        text.Should().NotContain(S3Server.AccessKey, "the secret key (s3rver's equals its key id) never reaches any output");
        text.Should().NotContain(AwsEmulator.SecretKey);
        text.Should().NotContain("   at ", "no stack trace");
    }

    private static JsonElement Json(ToeProcess.Result result) => JsonDocument.Parse(result.Stdout).RootElement;

    private static JsonElement Instance(JsonElement report, string id) =>
        report.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("instanceId").GetString() == id);

    private static string SentScript(Fixture fixture) =>
        string.Join('\n', fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json["Parameters"]!["commands"]!.AsArray().Select(l => l!.GetValue<string>()));

    [Test]
    public async Task Two_instances_both_succeed_and_their_logs_land_in_S3_under_the_prefix()
    {
        await using var fixture = await StartAsync(Ids[0], Ids[1]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "--documents", doc, "--instance-ids", $"{Ids[0]},{Ids[1]}", "--s3-bucket", fixture.Bucket, "--s3-prefix", "team/runs", "--output", "json");

        result.ExitCode.Should().Be(0, result.Stderr);
        var report = Json(result);
        report.GetProperty("status").GetString().Should().Be("success");
        foreach (var id in Ids[..2])
        {
            var instance = Instance(report, id);
            instance.GetProperty("status").GetString().Should().Be("Success");
            instance.GetProperty("responseCode").GetInt32().Should().Be(0);
            var logs = instance.GetProperty("logs").GetString()!;
            logs.Should().StartWith($"s3://{fixture.Bucket}/team/runs/").And.Contain($"/logs/{id}/");
            var prefix = logs[$"s3://{fixture.Bucket}/".Length..] + "/";
            var keys = await S3Server.KeysAsync(fixture.Bucket, prefix);
            var consoleLog = keys.Should().ContainSingle(k => k.EndsWith("/console.log", StringComparison.Ordinal)).Subject;
            (await S3Server.GetAsync(fixture.Bucket, consoleLog)).Should().Contain($"hello from {id}");
            result.Stderr.Should().Contain($"toe aws run: {id}: Success");
        }

        var keysOfRun = await S3Server.KeysAsync(fixture.Bucket, "team/runs/");
        keysOfRun.Should().Contain(k => k.EndsWith("/documents/1-hello.yml", StringComparison.Ordinal), "the local document is staged under the prefix");
        var send = fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json;
        send["DocumentName"]!.GetValue<string>().Should().Be("AWS-RunShellScript");
        send["InstanceIds"]!.AsArray().Select(i => i!.GetValue<string>()).Should().Equal(Ids[0], Ids[1]);
        send["MaxErrors"]!.GetValue<string>().Should().Be("0");
        NoCredentialIn(fixture.Emulator.CallsOf("ssm:SendCommand").Single().Body);
    }

    [Test]
    public async Task One_failing_instance_is_named_with_its_failed_step_and_message_and_the_exit_code_is_1()
    {
        const string bad = "i-00000000000000bad";
        await using var fixture = await StartAsync(Ids[0], bad);
        var doc = fixture.Temp.Write("fails.yml", FailsOnBad);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--instance-ids", bad, "--s3-bucket", fixture.Bucket, "--max-errors", "1");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.Stdout.Should().Contain("1 of 2 instance(s) succeeded");
        result.Stdout.Should().Contain($"{Ids[0]}: Success (exit code 0)");
        result.Stdout.Should().Contain($"{bad}: Failed (exit code 1)");
        result.Stdout.Should().Contain("failed step: CheckDisk");
        result.Stdout.Should().MatchRegex(@"message: .*step 'CheckDisk'.*");
        result.Stdout.Should().MatchRegex($@"logs:\s+s3://{fixture.Bucket}/toe-aws-run/[^/]+/logs/{bad}/");
    }

    [Test]
    public async Task Max_errors_0_stops_sending_after_the_first_failure_and_the_rest_are_reported_not_run()
    {
        const string bad = "i-00000000000000bad";
        await using var fixture = await StartAsync(bad, Ids[0], Ids[1]);
        var doc = fixture.Temp.Write("fails.yml", FailsOnBad);

        var result = Run(fixture, "-d", doc, "--instance-ids", $"{bad},{Ids[0]},{Ids[1]}", "--s3-bucket", fixture.Bucket, "--max-concurrency", "1", "--max-errors", "0", "--output", "json");

        result.ExitCode.Should().Be(1);
        var report = Json(result);
        Instance(report, bad).GetProperty("status").GetString().Should().Be("Failed");
        foreach (var id in Ids[..2])
        {
            Instance(report, id).GetProperty("status").GetString().Should().Be("Cancelled");
            Instance(report, id).GetProperty("message").GetString().Should().Contain("--max-errors was reached");
            fixture.Ssm.Runs(id).Should().Be(0);
        }

        fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json["MaxErrors"]!.GetValue<string>().Should().Be("0");
    }

    [Test]
    public async Task Targets_by_tag_run_on_the_tagged_instances_only()
    {
        await using var fixture = await StartAsync();
        fixture.Ssm.AddInstance(Ids[0], "Online", ("Role", "web"));
        fixture.Ssm.AddInstance(Ids[1], "Online", ("Role", "web"));
        fixture.Ssm.AddInstance(Ids[2], "Online", ("Role", "db"));
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--targets", "Key=tag:Role,Values=web,api", "--s3-bucket", fixture.Bucket, "--output", "json");

        result.ExitCode.Should().Be(0, result.Stderr);
        Json(result).GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()).Should().BeEquivalentTo(Ids[0], Ids[1]);
        var send = fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json;
        send["Targets"]!.ToJsonString().Should().Be("""[{"Key":"tag:Role","Values":["web","api"]}]""");
        send["InstanceIds"].Should().BeNull();
        fixture.Ssm.Runs(Ids[2]).Should().Be(0);
    }

    [Test]
    public async Task Several_targets_must_all_match_as_SSM_combines_them()
    {
        await using var fixture = await StartAsync();
        fixture.Ssm.AddInstance(Ids[0], "Online", ("Role", "web"), ("Env", "prod"));
        fixture.Ssm.AddInstance(Ids[1], "Online", ("Role", "web"), ("Env", "dev"));
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--targets", "Key=tag:Role,Values=web", "--targets", "Key=tag:Env,Values=prod", "--s3-bucket", fixture.Bucket, "--output", "json");

        result.ExitCode.Should().Be(0, result.Stderr);
        Json(result).GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()).Should().Equal(Ids[0]);
        result.Stderr.Should().Contain($"1 instance(s) online in SSM: {Ids[0]}");
        fixture.Ssm.Runs(Ids[1]).Should().Be(0);
    }

    [Test]
    public async Task Targets_that_match_no_managed_instance_are_an_error_before_anything_is_sent()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--targets", "Key=tag:Role,Values=nowhere", "--s3-bucket", fixture.Bucket);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be($"toe aws run: error: no instance managed by SSM in {AwsEmulator.Region} matches Key=tag:Role,Values=nowhere: check the tags and the Region");
        fixture.Emulator.CallsOf("ssm:SendCommand").Should().BeEmpty();
    }

    [Test]
    public async Task Install_toe_with_the_awstoe_executor_is_refused()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket, "--executor", "awstoe", "--install-toe");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("--install-toe installs toe; with --executor awstoe, awstoe must already be on the instances");
        fixture.Emulator.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task An_instance_not_managed_by_SSM_is_named_before_anything_is_sent()
    {
        await using var fixture = await StartAsync(Ids[0]);
        fixture.Ssm.AddInstance(Ids[1], "ConnectionLost");
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var unmanaged = Run(fixture, "-d", doc, "--instance-ids", $"{Ids[0]},i-0123456789abcdef0", "--s3-bucket", fixture.Bucket);
        var offline = Run(fixture, "-d", doc, "--instance-ids", $"{Ids[0]},{Ids[1]}", "--s3-bucket", fixture.Bucket);

        unmanaged.ExitCode.Should().Be(1);
        unmanaged.Stderr.Trim().Should().Be($"toe aws run: error: instance i-0123456789abcdef0 is not managed by SSM in {AwsEmulator.Region}: check the instance id and Region, that its SSM agent runs and that its instance profile allows SSM (AmazonSSMManagedInstanceCore)");
        offline.ExitCode.Should().Be(1);
        offline.Stderr.Should().Contain($"not reachable through SSM: {Ids[1]} (ConnectionLost)");
        fixture.Emulator.CallsOf("ssm:SendCommand").Should().BeEmpty();
        (await S3Server.KeysAsync(fixture.Bucket)).Should().BeEmpty("nothing is staged either");
    }

    [Test]
    public async Task Max_concurrency_1_runs_one_instance_at_a_time()
    {
        await using var fixture = await StartAsync(Ids);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", string.Join(',', Ids), "--s3-bucket", fixture.Bucket, "--max-concurrency", "1");

        result.ExitCode.Should().Be(0, result.Stderr);
        fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json["MaxConcurrency"]!.GetValue<string>().Should().Be("1");
        fixture.Ssm.MaxRunningAtOnce.Should().Be(1);
        Ids.Should().OnlyContain(id => fixture.Ssm.Runs(id) == 1);
    }

    [Test]
    public async Task A_reboot_exit_194_reaches_the_agent_which_runs_the_command_again_and_it_resumes()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("reboot.yml", """
            name: reboots
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Before
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo before >> trace
                  - name: NeedsReboot
                    action: ExecuteBash
                    inputs:
                      commands:
                        - if [ -f rebooted ]; then echo after-reboot >> trace; else touch rebooted; exit 194; fi
            """);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket, "--output", "json");

        result.ExitCode.Should().Be(0, result.Stderr);
        fixture.Ssm.Runs(Ids[0]).Should().Be(2, "the agent ran the script again after the reboot");
        var commandId = Json(result).GetProperty("commandId").GetString()!;
        var trace = File.ReadAllLines(Path.Combine(fixture.Ssm.FolderOf(commandId, Ids[0]), "trace"));
        trace.Should().Equal(["before", "after-reboot"], "the resumed run continues at the step that asked for the reboot");
    }

    [Test]
    public async Task A_command_that_times_out_says_so_and_how_to_give_it_longer()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("slow.yml", Hello.Replace("echo \"hello from $AWS_SSM_INSTANCE_ID\"", "sleep 60", StringComparison.Ordinal));

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket, "--timeout-seconds", "3", "--output", "json");

        result.ExitCode.Should().Be(1);
        var instance = Instance(Json(result), Ids[0]);
        instance.GetProperty("status").GetString().Should().Be("TimedOut");
        instance.GetProperty("message").GetString().Should().Be("the command timed out after 3 s (ExecutionTimedOut); the steps may need longer: raise --timeout-seconds");
        fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json["Parameters"]!["executionTimeout"]![0]!.GetValue<string>().Should().Be("3");
    }

    [Test]
    public async Task Access_denied_on_SendCommand_is_one_line_that_names_the_permission()
    {
        await using var fixture = await StartAsync(Ids[0]);
        fixture.Emulator.Deny("ssm:SendCommand");
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Split('\n').Should().ContainSingle(line => line.StartsWith("toe aws run: error:", StringComparison.Ordinal))
            .Which.Should().Be("toe aws run: error: SSM SendCommand: access denied: the credentials lack the SSM permission for this call (check the IAM policy of the user or role) (400 AccessDeniedException)");
    }

    [Test]
    public async Task An_instance_that_went_offline_before_SendCommand_is_one_line_from_InvalidInstanceId()
    {
        await using var fixture = await StartAsync(Ids[0]);
        fixture.Emulator.Inject("ssm:SendCommand", EmulatorReply.Error(400, "InvalidInstanceId", $"Instances [[{Ids[0]}]] not in a valid state for account {AwsEmulator.AccountId}"));
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Split('\n')[^1].Should().Be($"toe aws run: error: SSM SendCommand: an instance is not managed by SSM or not in a state to run commands (stopped, agent offline, or in another Region): Instances [[{Ids[0]}]] not in a valid state for account {AwsEmulator.AccountId} (InvalidInstanceId)");
    }

    [Test]
    public async Task Throttled_calls_are_retried_with_backoff_and_the_run_succeeds()
    {
        await using var fixture = await StartAsync(Ids[0]);
        fixture.Emulator.Throttle("ssm:DescribeInstanceInformation", 2);
        fixture.Emulator.Throttle("ssm:SendCommand", 2);
        fixture.Emulator.Throttle("ssm:GetCommandInvocation", 1);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket);

        result.ExitCode.Should().Be(0, result.Stderr);
        fixture.Emulator.CallsOf("ssm:SendCommand").Should().HaveCount(3, "two throttled attempts, then the one that worked");
        fixture.Emulator.CallsOf("ssm:DescribeInstanceInformation").Should().HaveCount(3);
        fixture.Ssm.Runs(Ids[0]).Should().Be(1, "a retried SendCommand that was throttled never ran twice");
    }

    [Test]
    public async Task Executor_awstoe_sends_the_awstoe_command_line_with_the_same_flags()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket, "--s3-prefix", "p", "--executor", "awstoe",
            "--phases", "build", "--parameters", "a=it's,b=2");

        var script = SentScript(fixture);
        script.Should().MatchRegex($@"""\$executor"" run --documents 's3://{fixture.Bucket}/p/[^/]+/documents/1-hello\.yml' --phases 'build' --parameters 'a=it'\\''s,b=2' --log-s3-bucket-name '{fixture.Bucket}' --log-s3-key-prefix 'p/[^/]+/logs/'""\$instance""\n");
        script.Should().Contain("executor=awstoe").And.NotContain("--state-directory");
        result.ExitCode.Should().Be(1, "there is no awstoe here");
        result.Stdout.Should().Contain($"awstoe is not installed on {Ids[0]}");
        result.Stdout.Should().Contain("exit code 127");
    }

    [Test]
    public async Task Install_toe_stages_the_binary_and_the_instance_fetches_it_signed_with_its_own_credentials()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket, "--install-toe", "--output", "json");

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TOE_BIN")))
        {
            // toe.dll runs through dotnet, which is not a binary to install.
            result.ExitCode.Should().Be(1);
            result.Stderr.Should().Contain("--install-toe stages the running toe binary, but this toe runs through dotnet");
            return;
        }

        result.ExitCode.Should().Be(0, result.Stderr);
        var commandId = Json(result).GetProperty("commandId").GetString()!;
        File.Exists(Path.Combine(fixture.Ssm.FolderOf(commandId, Ids[0]), "toe-bin", "toe")).Should().BeTrue("the instance fetched toe");
        (await S3Server.KeysAsync(fixture.Bucket)).Should().Contain(k => k.EndsWith("/bin/toe", StringComparison.Ordinal));
        SentScript(fixture).Should().Contain("--aws-sigv4").And.NotContain("X-Amz-Signature", "no presigned URL (it would carry the caller's session token)");
    }

    [Test]
    public async Task Invalid_documents_are_reported_and_nothing_is_sent()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("bad.yml", "name: bad\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: X\n        action: NoSuchAction\n");

        var result = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("bad.yml").And.Contain("toe aws run: error: the documents are invalid; nothing was sent");
        fixture.Emulator.Calls.Should().BeEmpty();
    }

    [TestCase("--targets", "tag:Role=web", "does not start with Key=")]
    [TestCase("--max-concurrency", "0", "--max-concurrency '0' is not a number of instances")]
    [TestCase("--max-errors", "101%", "--max-errors '101%' is not a number")]
    [TestCase("--executor", "ansible", "--executor 'ansible' is not toe or awstoe")]
    [TestCase("--timeout-seconds", "172801", "--timeout-seconds 172801 is outside SSM's range 1 to 172800")]
    [TestCase("--output", "yaml", "--output 'yaml' is not text or json")]
    public async Task Bad_flags_are_one_line_errors_and_nothing_is_called(string flag, string value, string message)
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);
        string[] instances = flag == "--targets" ? [] : ["--instance-ids", Ids[0]];

        var result = Run(fixture, ["-d", doc, .. instances, "--s3-bucket", fixture.Bucket, flag, value]);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("toe aws run: error: ").And.Contain(message);
        fixture.Emulator.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task Instance_ids_and_targets_together_or_neither_are_refused()
    {
        await using var fixture = await StartAsync(Ids[0]);
        var doc = fixture.Temp.Write("hello.yml", Hello);

        var both = Run(fixture, "-d", doc, "--instance-ids", Ids[0], "--targets", "Key=tag:Role,Values=web", "--s3-bucket", fixture.Bucket);
        var neither = Run(fixture, "-d", doc, "--s3-bucket", fixture.Bucket);

        both.Stderr.Should().Contain("give the instances with --instance-ids or with --targets (one of them)");
        neither.Stderr.Should().Contain("give the instances with --instance-ids or with --targets (one of them)");
        both.ExitCode.Should().Be(1);
        neither.ExitCode.Should().Be(1);
    }

    [Test]
    public async Task Region_comment_and_an_S3_document_are_passed_through()
    {
        await using var fixture = await StartAsync(Ids[0]);
        await S3Server.PutAsync(fixture.Bucket, "shared/hello.yml", Hello);
        fixture.Environment["AWS_REGION"] = "eu-central-1"; // --region must win, or the emulator refuses the signature's Region

        var result = Run(fixture, "-d", $"s3://{fixture.Bucket}/shared/hello.yml", "--instance-ids", Ids[0], "--s3-bucket", fixture.Bucket,
            "--region", AwsEmulator.Region, "--comment", "patch night");

        result.ExitCode.Should().Be(0, result.Stderr);
        var send = fixture.Emulator.CallsOf("ssm:SendCommand").Single().Json;
        send["Comment"]!.GetValue<string>().Should().Be("patch night");
        SentScript(fixture).Should().Contain($"--documents 's3://{fixture.Bucket}/shared/hello.yml'");
        (await S3Server.KeysAsync(fixture.Bucket)).Should().NotContain(k => k.Contains("/documents/", StringComparison.Ordinal), "an S3 document is not copied");
    }

    [Test]
    public void Help_explains_the_command_and_every_flag()
    {
        var result = ToeProcess.Run("aws", "run", "--help");

        result.ExitCode.Should().Be(0);
        Golden.Match("cli/aws-run-help.txt", result.Stdout);
    }
}

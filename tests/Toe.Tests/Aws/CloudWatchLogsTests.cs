using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws;
using Toe.Aws.CloudWatch;
using Toe.Reports;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Aws;

/// <summary>
/// console.log streamed to CloudWatch Logs: the batch limits of PutLogEvents, the sink through the real engine, and
/// every --cw-* flag through the real binary against the emulator (SigV4 checked, limits enforced as the service does).
/// </summary>
[TestFixture]
public sealed class CloudWatchLogsTests : EngineTestBase
{
    private const string Group = "/toe/tests";

    private AwsEmulator _emulator = null!;
    private CloudWatchLogsService _logs = null!;

    [SetUp]
    public async Task StartEmulator()
    {
        _emulator = await AwsEmulator.StartAsync();
        _logs = new CloudWatchLogsService(_emulator).AddGroup(Group);
    }

    [TearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    private CloudWatchLogsClient Client(string? region = null) =>
        CloudWatchLogsClient.Create(new AwsEnvironment(name => _emulator.ClientEnvironment().GetValueOrDefault(name)), region, TimeSpan.FromMilliseconds(5));

    [Test]
    public void A_long_line_is_split_between_characters_into_events_of_at_most_256_KB()
    {
        var line = string.Concat(Enumerable.Repeat("ab€😀", 70_000)); // 1, 1, 3 and 4 UTF-8 bytes: cuts land everywhere

        var pieces = PutLogEventsLimits.Split(line).ToList();

        pieces.Should().HaveCountGreaterThan(2);
        pieces.Should().OnlyContain(p => Encoding.UTF8.GetByteCount(p) + PutLogEventsLimits.EventOverheadBytes <= 256 * 1024);
        pieces.Should().OnlyContain(p => !char.IsLowSurrogate(p[0]) && !char.IsHighSurrogate(p[p.Length - 1]), "no surrogate pair is cut");
        string.Concat(pieces).Should().Be(line);
        PutLogEventsLimits.Split("short").Should().Equal("short");
    }

    [Test]
    public void Batches_respect_the_event_count_the_byte_size_and_the_24_hour_span()
    {
        var many = Enumerable.Range(0, 25_000).Select(i => new LogEvent(1000, "line " + i));
        PutLogEventsLimits.Batches(many).Select(b => b.Count).Should().Equal(10_000, 10_000, 5_000);

        var big = new string('x', PutLogEventsLimits.MaxMessageBytes);
        PutLogEventsLimits.Batches(Enumerable.Range(0, 5).Select(_ => new LogEvent(1000, big))).Select(b => b.Count)
            .Should().Equal([4, 1], "four full events are exactly 1,048,576 bytes with their overhead");

        var day = (long)TimeSpan.FromHours(24).TotalMilliseconds;
        PutLogEventsLimits.Batches([new LogEvent(0, "a"), new LogEvent(day - 1, "b"), new LogEvent(day, "c")]).Select(b => b.Count)
            .Should().Equal(2, 1);
    }

    [Test]
    public async Task Twenty_thousand_lines_and_a_300_KB_line_arrive_complete_in_order_in_batches_within_the_limits()
    {
        await using var sink = await CloudWatchLogSink.StartAsync(Client(), Group, "engine", CancellationToken.None);
        _h.ConsoleMirror = sink;

        await _h.RunAsync(Yaml(
            Bash("Many", "seq 1 20000")
            + Bash("Long", "head -c 300000 /dev/zero | tr -c y y; echo; echo after-long")));
        var failure = await sink.CompleteAsync(TimeSpan.FromMinutes(1));

        failure.Should().BeNull();
        _h.Result!.Summary.Status.Should().Be(Statuses.Success);
        var messages = _logs.Messages(Group, "engine");
        messages.Take(20_000).Should().Equal(Enumerable.Range(1, 20_000).Select(i => i.ToString()));
        var rest = messages.Skip(20_000).ToList();
        rest.Should().HaveCount(3, "the 300,000-byte line is two events");
        (rest[0] + rest[1]).Should().Be(new string('y', 300_000));
        rest[2].Should().Be("after-long");
        _logs.Refusals.Should().BeEmpty();
        _logs.Batches.Should().HaveCountGreaterThan(1).And.OnlyContain(b => b.Events <= 10_000 && b.Bytes <= 1_048_576);
        _logs.Timestamps(Group, "engine").Should().BeInAscendingOrder();
        File.ReadAllLines(Path.Combine(_h.Folder, "console.log")).Should().HaveCount(20_002, "console.log is unchanged by streaming");
    }

    [Test]
    public async Task Lines_are_sent_while_the_run_goes_not_only_at_the_end()
    {
        await using var sink = await CloudWatchLogSink.StartAsync(Client(), Group, "live", CancellationToken.None);

        sink.WriteLine("first");
        var arrived = false;
        for (var i = 0; i < 200 && !arrived; i++)
        {
            await Task.Delay(50);
            arrived = _logs.Messages(Group, "live").Contains("first");
        }

        arrived.Should().BeTrue("a line reaches CloudWatch Logs about a second after it was written, before the end of the run");
        (await sink.CompleteAsync(TimeSpan.FromSeconds(30))).Should().BeNull();
    }

    [Test]
    public async Task A_missing_group_says_how_to_create_it()
    {
        using var client = Client();

        var act = () => CloudWatchLogSink.StartAsync(client, "/no/such/group", "s", CancellationToken.None);

        (await act.Should().ThrowAsync<AwsFailureException>()).Which.Message.Should().Be(
            $"the CloudWatch Logs group '/no/such/group' does not exist in {AwsEmulator.Region} (ResourceNotFoundException): create it (aws logs create-log-group --log-group-name /no/such/group) or check --cw-log-group and --cw-log-region");
    }

    [Test]
    public async Task An_existing_stream_is_appended_to_and_blank_lines_are_not_sent()
    {
        using (var first = Client())
        {
            await first.CreateLogStreamAsync(Group, "again", CancellationToken.None);
        }

        await using var sink = await CloudWatchLogSink.StartAsync(Client(), Group, "again", CancellationToken.None);
        sink.WriteLine(string.Empty); // CloudWatch Logs refuses empty messages: a blank line is not sent.
        sink.WriteLine("appended");
        (await sink.CompleteAsync(TimeSpan.FromSeconds(30))).Should().BeNull();

        _logs.Messages(Group, "again").Should().Equal("appended");
        _emulator.CallsOf("logs:CreateLogStream").Should().HaveCount(2);
    }

    [Test]
    public void The_real_binary_streams_to_the_group_and_stream_given_and_prints_no_credentials()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Hello", "echo hello; echo world >&2")));

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"),
            "--cw-log-group", Group, "--cw-log-stream", "cli-stream", "--trace");

        result.ExitCode.Should().Be(0, result.Stderr);
        _logs.Messages(Group, "cli-stream").Should().Equal("hello", "world");
        var everything = string.Concat(Directory.GetFiles(temp.Combine("logs"), "*", SearchOption.AllDirectories).Select(File.ReadAllText)) + result.Stdout + result.Stderr;
        everything.Should().NotContain(AwsEmulator.SecretKey).And.NotContain(AwsEmulator.SessionToken);
        _emulator.SignatureFailures.Should().BeEmpty();
        _emulator.CallsOf("logs:PutLogEvents").Should().OnlyContain(call => call.Headers["x-amz-target"] == "Logs_20140328.PutLogEvents"
            && call.Headers["content-type"].StartsWith("application/x-amz-json-1.1"));
    }

    [Test]
    public void Without_a_stream_the_execution_id_names_it()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Hello", "echo named-by-id")));

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"),
            "--cw-log-group", Group, "-i", "run-42");

        result.ExitCode.Should().Be(0, result.Stderr);
        _logs.Messages(Group, "run-42").Should().Equal("named-by-id");
    }

    [Test]
    public void A_run_resumed_after_a_reboot_goes_on_in_the_same_default_stream()
    {
        using var temp = new TempFolder();
        var marker = temp.Combine("rebooted");
        temp.Write("doc.yaml", Yaml(Bash("Restart", $"echo before; if [ -f '{marker}' ]; then exit 0; fi; touch '{marker}'; exit 194") + Bash("After", "echo after")));
        string[] args = ["run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--state-directory", temp.Combine("state"), "--reboot-mode", "exit", "--cw-log-group", Group];

        var first = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), args);
        var second = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), args);

        first.ExitCode.Should().Be(194, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        var executionId = JsonNode.Parse(first.Stdout)!["executionId"]!.GetValue<string>();
        JsonNode.Parse(second.Stdout)!["executionId"]!.GetValue<string>().Should().Be(executionId);
        _logs.Messages(Group, executionId).Should().Equal("before", "before", "after");
        _emulator.CallsOf("logs:CreateLogStream").Select(call => call.Json["logStreamName"]!.GetValue<string>()).Should().OnlyContain(name => name == executionId);
    }

    [Test]
    public void The_cw_log_region_flag_overrides_the_environment_Region()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Hello", "echo regional")));
        var environment = _emulator.ClientEnvironment();
        environment["AWS_REGION"] = "eu-north-1"; // The emulator accepts only requests signed for us-west-2.

        var withFlag = ToeProcess.RunIn(temp.Path, environment, "run", "-d", "doc.yaml", "-l", temp.Combine("logs"),
            "--cw-log-group", Group, "--cw-log-stream", "regional", "--cw-log-region", AwsEmulator.Region);
        var withoutFlag = ToeProcess.RunIn(temp.Path, environment, "run", "-d", "doc.yaml", "-l", temp.Combine("logs"),
            "--cw-log-group", Group, "--cw-log-stream", "other");

        withFlag.ExitCode.Should().Be(0, withFlag.Stderr);
        _logs.Messages(Group, "regional").Should().Equal("regional");
        withoutFlag.ExitCode.Should().Be(1);
        withoutFlag.Stderr.Should().Contain("the request signature was refused");
    }

    [Test]
    public void A_missing_group_stops_the_run_before_any_step_and_with_ignore_failures_only_warns()
    {
        using var temp = new TempFolder();
        var marker = temp.Combine("ran");
        temp.Write("doc.yaml", Yaml(Bash("Touch", $"touch '{marker}'")));

        var strict = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", "/missing");

        strict.ExitCode.Should().Be(1);
        strict.Stderr.Should().Contain("toe run: error: cannot stream console.log to CloudWatch Logs (/missing/").And.Contain("does not exist in us-west-2 (ResourceNotFoundException)")
            .And.Contain("nothing was run (give --cw-ignore-failures to run without streaming)");
        JsonNode.Parse(strict.Stdout)!["status"]!.GetValue<string>().Should().Be("failed");
        File.Exists(marker).Should().BeFalse();

        var lenient = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", "/missing", "--cw-ignore-failures");

        lenient.ExitCode.Should().Be(0, lenient.Stderr);
        lenient.Stderr.Should().Contain("toe run: warning: cannot stream console.log to CloudWatch Logs").And.Contain("running without streaming (--cw-ignore-failures)");
        File.Exists(marker).Should().BeTrue();
    }

    [Test]
    public void Access_denied_at_the_start_names_the_permissions_and_ignore_failures_runs_anyway()
    {
        _emulator.Deny("logs:CreateLogStream");
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Hello", "echo hi")));

        var strict = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group);
        var lenient = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group, "--cw-ignore-failures");

        strict.ExitCode.Should().Be(1);
        strict.Stderr.Should().Contain("access denied: the credentials may not call CloudWatch Logs CreateLogStream (400 AccessDeniedException); allow logs:CreateLogStream and logs:PutLogEvents");
        strict.Stderr.Split('\n').Where(l => l.Contains("CloudWatch", StringComparison.Ordinal)).Should().ContainSingle("the failure is one line");
        lenient.ExitCode.Should().Be(0, lenient.Stderr);
        lenient.Stderr.Should().Contain("toe run: warning:").And.Contain("AccessDeniedException");
        (strict.Stderr + strict.Stdout + lenient.Stderr + lenient.Stdout).Should().NotContain(AwsEmulator.SecretKey);
    }

    [Test]
    public void Access_denied_during_the_run_fails_it_at_the_end_unless_failures_are_ignored()
    {
        _emulator.Deny("logs:PutLogEvents");
        using var temp = new TempFolder();
        var marker = temp.Combine("ran");
        temp.Write("doc.yaml", Yaml(Bash("Hello", $"echo hi; touch '{marker}'")));

        var strict = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group, "--cw-log-stream", "a");

        strict.ExitCode.Should().Be(1);
        File.Exists(marker).Should().BeTrue("the steps run; the streaming failure fails the run at its end");
        var summary = JsonNode.Parse(strict.Stdout)!;
        summary["status"]!.GetValue<string>().Should().Be("failed");
        summary["failureMessage"]!.GetValue<string>().Should().StartWith("streaming console.log to CloudWatch Logs (/toe/tests/a) stopped: access denied");

        var lenient = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group, "--cw-log-stream", "b", "--cw-ignore-failures");

        lenient.ExitCode.Should().Be(0, lenient.Stderr);
        JsonNode.Parse(lenient.Stdout)!["status"]!.GetValue<string>().Should().Be("success");
        lenient.Stderr.Should().Contain("toe run: warning: streaming console.log to CloudWatch Logs (/toe/tests/b) stopped: access denied").And.Contain("(ignored: --cw-ignore-failures)");
    }

    [Test]
    public void Throttled_batches_are_retried_and_every_line_arrives()
    {
        _emulator.Throttle("logs:PutLogEvents", 2);
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Count", "seq 1 500")));

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group, "--cw-log-stream", "t");

        result.ExitCode.Should().Be(0, result.Stderr);
        _logs.Messages(Group, "t").Should().Equal(Enumerable.Range(1, 500).Select(i => i.ToString()));
    }

    [Test]
    public void A_SecureString_reaches_CloudWatch_Logs_masked()
    {
        new SsmParameterStore(_emulator).Put("/toe/pw", "cw-Secret-Value-9", "SecureString");
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Echo", "echo 'pw={{ aws:ssm:/toe/pw }}'")));

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "-d", "doc.yaml", "-l", temp.Combine("logs"), "--cw-log-group", Group, "--cw-log-stream", "masked");

        result.ExitCode.Should().Be(0, result.Stderr);
        _logs.Messages(Group, "masked").Should().Equal("pw=***");
    }
}

using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws;
using Toe.Aws.Fleet;
using Toe.Documents;
using Toe.Tests.Support;

namespace Toe.Tests.Aws.Fleet;

/// <summary>The pure parts of <c>toe aws run</c>: targets, the timeout, the instance script, the summary reader.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FleetUnitTests
{
    private static ComponentDocument Parse(string yaml) => DocumentLoader.LoadText(yaml, "doc.yml").Document!;

    private static string Doc(params string[] steps) =>
        "name: d\nschemaVersion: 1.0\nparameters:\n  - Wait:\n      type: string\n      default: '120'\nphases:\n  - name: build\n    steps:\n" + string.Join(string.Empty, steps) +
        "  - name: test\n    steps:\n      - name: T\n        action: ExecuteBash\n        timeoutSeconds: 1000\n        inputs:\n          commands: [\"true\"]\n";

    private static string Step(string name, string extra) =>
        $"      - name: {name}\n        action: ExecuteBash\n{extra}        inputs:\n          commands: [\"true\"]\n";

    [Test]
    public void The_timeout_sums_each_steps_timeout_times_its_attempts_plus_10_percent_and_the_margin()
    {
        var document = Parse(Doc(Step("A", "        timeoutSeconds: 100\n        maxAttempts: 3\n"), Step("B", string.Empty)));

        // build: 100 × 3 + 7200 (AWSTOE's default) = 7500; test: 1000. Sum 8500 + 850 + 600.
        CommandTimeout.Compute([document], null, new Dictionary<string, string>()).Should().Be(9950);
        CommandTimeout.Compute([document], new HashSet<string> { "test" }, new Dictionary<string, string>()).Should().Be(1000 + 100 + 600);
    }

    [Test]
    public void A_loop_runs_under_its_steps_one_timeout_so_it_does_not_multiply()
    {
        var document = Parse(Doc(Step("L", "        timeoutSeconds: 50\n        loop:\n          forEach: [a, b, c, d]\n")));

        CommandTimeout.Compute([document], new HashSet<string> { "build" }, new Dictionary<string, string>()).Should().Be(50 + 5 + 600);
    }

    [Test]
    public void A_timeout_given_by_a_parameter_is_read_from_the_parameters_or_its_default()
    {
        var document = Parse(Doc(Step("P", "        timeoutSeconds: \"{{ Wait }}\"\n")));
        var build = new HashSet<string> { "build" };

        CommandTimeout.Compute([document], build, new Dictionary<string, string>()).Should().Be(120 + 12 + 600);
        CommandTimeout.Compute([document], build, new Dictionary<string, string> { ["Wait"] = "1000" }).Should().Be(1000 + 100 + 600);
    }

    [Test]
    public void A_step_without_a_time_limit_gives_SSMs_maximum_and_the_sum_is_capped_there()
    {
        var unlimited = Parse(Doc(Step("U", "        timeoutSeconds: -1\n")));
        var huge = Parse(Doc(Step("H", "        timeoutSeconds: 86400\n        maxAttempts: 3\n")));

        CommandTimeout.Compute([unlimited], null, new Dictionary<string, string>()).Should().Be(CommandTimeout.SsmMaximum);
        CommandTimeout.Compute([huge], null, new Dictionary<string, string>()).Should().Be(CommandTimeout.SsmMaximum);
    }

    [TestCase("Key=tag:Name,Values=web-1,web-2", "tag:Name", "web-1,web-2")]
    [TestCase("key=tag:Role,values=db", "tag:Role", "db")]
    [TestCase("Key=InstanceIds,Values=i-0123456789abcdef0", "InstanceIds", "i-0123456789abcdef0")]
    [TestCase("Key=resource-groups:Name,Values=prod", "resource-groups:Name", "prod")]
    public void Targets_are_read_in_the_AWS_CLI_shorthand(string text, string key, string values)
    {
        var target = FleetTarget.Parse(text, out var error);

        error.Should().BeEmpty();
        target!.Key.Should().Be(key);
        string.Join(',', target.Values).Should().Be(values);
    }

    [TestCase("tag:Name=web", "does not start with Key=")]
    [TestCase("Key=tag:Name", "has no ,Values=")]
    [TestCase("Key=Name,Values=a", "is not one SSM accepts")]
    [TestCase("Key=tag:Name,Values=", "needs a key and at least one value")]
    public void Malformed_targets_get_a_message_with_an_example(string text, string message)
    {
        FleetTarget.Parse(text, out var error).Should().BeNull();
        error.Should().Contain(message).And.Contain("--targets");
    }

    [TestCase(3600, 3, null, 3900)]
    [TestCase(3600, 3, "1", 3600 * 3 + 300)]
    [TestCase(1000, 10, "50%", 2 * 1000 + 300)]
    [TestCase(100, 2, "2", 3600)]
    [TestCase(172800, 100, "1", FleetCommand.MaxDeliveryTimeout)]
    public void The_delivery_timeout_leaves_each_batch_its_execution_time(int execution, int instances, string? concurrency, int expected)
    {
        FleetCommand.DeliveryTimeout(execution, instances, concurrency).Should().Be(Math.Max(3600, expected));
    }

    [Test]
    public void The_run_summary_is_the_last_JSON_line_and_the_failed_step_comes_from_its_message()
    {
        var output = "{not json\n" +
            """{"executedStepCount":2,"executionId":"e-1","failedStepCount":1,"failureMessage":"document 'x', phase 'build', step 'Check Disk': exit 3","logUrl":"s3://b/p/e-1","status":"failed"}""" + "\n";

        var summary = RunSummaryOutput.Find(output)!;

        summary.Status.Should().Be("failed");
        summary.FailedStep.Should().Be("Check Disk");
        summary.LogUrl.Should().Be("s3://b/p/e-1");
        summary.ExecutionId.Should().Be("e-1");
        RunSummaryOutput.Find("no summary here\n").Should().BeNull();
        RunSummaryOutput.Find(null).Should().BeNull();
    }

    private static InstanceScript Script(FleetExecutor executor = FleetExecutor.Toe, S3Location? binary = null) => new()
    {
        Executor = executor,
        DocumentUris = ["s3://b/p/r/documents/1-a b.yml", "s3://other/c.yml"],
        Phases = "build,test",
        Parameters = "Msg=it's here,N=2",
        LogBucket = "logs-bucket",
        LogKeyPrefix = "p/r/logs",
        Binary = binary,
        Region = "eu-west-1",
        RunId = "r",
    };

    [Test]
    public void The_toe_command_line_quotes_every_value_for_the_shell()
    {
        var text = Script().Text();

        text.Should().Contain("\"$executor\" run --documents 's3://b/p/r/documents/1-a b.yml,s3://other/c.yml' --phases 'build,test' --parameters 'Msg=it'\\''s here,N=2' " +
            "--log-s3-bucket-name 'logs-bucket' --log-s3-key-prefix 'p/r/logs/'\"$instance\" --state-directory \"$PWD/toe-state\"\n");
        text.Should().EndWith("rc=$?\nexit $rc\n");
    }

    [TestCase(0)]
    [TestCase(194)]
    [TestCase(7)]
    public void The_script_exits_with_the_executors_exit_code_so_194_reaches_the_agent(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("AWS-RunShellScript scripts run on Linux");
            return;
        }

        using var temp = new TempFolder();
        var bin = Directory.CreateDirectory(temp.Combine("bin")).FullName;
        // A stand-in toe that records its arguments and exits with the code under test.
        File.WriteAllText(Path.Combine(bin, "toe"), $"#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$PWD/args\"\necho '{{\"status\":\"x\"}}'\nexit {code}\n");
        File.SetUnixFileMode(Path.Combine(bin, "toe"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(temp.Combine("_script.sh"), Script().Text());

        var info = new ProcessStartInfo("sh") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("_script.sh");
        info.Environment["PATH"] = bin + ":/usr/bin:/bin";
        info.Environment["AWS_SSM_INSTANCE_ID"] = "i-0123456789abcdef0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        process.ExitCode.Should().Be(code);
        stdout.Should().Be("{\"status\":\"x\"}\n", "the summary is the command's whole output");
        File.ReadAllLines(temp.Combine("args")).Should().Equal(
            "run", "--documents", "s3://b/p/r/documents/1-a b.yml,s3://other/c.yml", "--phases", "build,test", "--parameters", "Msg=it's here,N=2",
            "--log-s3-bucket-name", "logs-bucket", "--log-s3-key-prefix", "p/r/logs/i-0123456789abcdef0", "--state-directory", temp.Combine("toe-state"));
    }

    [Test]
    public void With_install_toe_the_binary_is_fetched_with_curls_own_SigV4_and_no_credential_is_in_the_script()
    {
        var text = Script(binary: new S3Location("b", "p/r/bin/toe")).Text();

        text.Should().Contain("--aws-sigv4 'aws:amz:eu-west-1:s3'");
        text.Should().Contain("'https://b.s3.eu-west-1.amazonaws.com/p/r/bin/toe'");
        text.Should().Contain("169.254.169.254", "the instance profile's credentials come from IMDSv2");
        text.Should().Contain("--config -", "the keys reach curl on stdin, not on its command line");
        text.Should().Contain("executor=\"$PWD/toe-bin/toe\"");
        text.Should().NotContain("X-Amz-Signature");
    }

    [Test]
    public void Awstoe_gets_the_same_flags_but_no_state_directory()
    {
        var text = Script(FleetExecutor.Awstoe).Text();

        text.Should().Contain("executor=awstoe").And.Contain("--log-s3-bucket-name 'logs-bucket'").And.NotContain("--state-directory");
        text.Should().Contain("awstoe is not installed on $instance");
    }
}

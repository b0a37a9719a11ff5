using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws;
using Toe.Reports;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;
using ParameterStoreClient = Toe.Aws.Ssm.SsmParameterStore;

namespace Toe.Tests.Aws;

/// <summary>
/// {{ aws:ssm:... }} through AWSSDK.SimpleSystemsManagement against the emulator's Parameter Store (SigV4 checked):
/// through the real engine in-process, and through the real binary, scanning every file and all output for a
/// SecureString value.
/// </summary>
[TestFixture]
public sealed class SsmVariableTests : EngineTestBase
{
    private const string Secret = "Tr0ub4dor&3-ssm-secret";
    private const string SecretsManagerValue = "{\"password\":\"sm-Pa55w0rd-value\"}";

    private AwsEmulator _emulator = null!;
    private SsmParameterStore _ssm = null!;

    [SetUp]
    public async Task StartEmulator()
    {
        _emulator = await AwsEmulator.StartAsync();
        _ssm = new SsmParameterStore(_emulator)
            .Put("/toe/plain", "hello from ssm")
            .Put("/toe/list", "a,b,c", "StringList")
            .Put("/toe/secure", Secret, "SecureString")
            .Put("/toe/versioned", "first")
            .Put("/toe/versioned", "second")
            .Put("/toe/pointer", "/toe/plain")
            .Put("/aws/reference/secretsmanager/toe/db", SecretsManagerValue, "SecureString");
    }

    [TearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    private ParameterStoreClient Client(Action<Dictionary<string, string?>>? adjust = null)
    {
        var environment = _emulator.ClientEnvironment();
        adjust?.Invoke(environment);
        return new ParameterStoreClient(new AwsEnvironment(name => environment.GetValueOrDefault(name)));
    }

    [Test]
    public async Task String_StringList_versions_and_resolve_forms_have_the_values_SSM_returns()
    {
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(
            Bash("Plain", "echo '{{ aws:ssm:/toe/plain }}|{{aws:ssm:/toe/list}}|{{ aws:ssm:/toe/versioned:1 }}|{{ aws:ssm:/toe/versioned }}'")
            + Bash("Resolve", "echo '{{ aws:ssm:resolve(Which) }}|{{ aws:ssm:resolve(aws:ssm:/toe/pointer) }}|{{ aws:ssm:/toe/plain }}'"),
            header: "parameters:\n  - Which:\n      type: string\n      default: /toe/list"));

        _h.Result!.Summary.Status.Should().Be(Statuses.Success, _h.Result.Summary.FailureMessage);
        _h.Step("build", "Plain").Outputs.Should().Be("""[{"stdout":"hello from ssm|a,b,c|first|second"}]""", "a StringList is the comma-joined text SSM returns");
        _h.Step("build", "Resolve").Outputs.Should().Be("""[{"stdout":"a,b,c|hello from ssm|hello from ssm"}]""");
        _ssm.Reads["/toe/plain"].Should().Be(1, "each name is fetched once per run");
        client.Requests.Should().Be(5, "/toe/plain, /toe/list, /toe/versioned:1, /toe/versioned, /toe/pointer");
        _emulator.CallsOf("ssm:GetParameter").Should().OnlyContain(call => call.Json["WithDecryption"]!.GetValue<bool>());
    }

    [Test]
    public async Task A_SecureString_and_a_Secrets_Manager_reference_are_masked_in_every_file_of_the_log_folder()
    {
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(
            Bash("Echo", "echo 'secret={{ aws:ssm:/toe/secure }}'; echo '{{ aws:ssm:/aws/reference/secretsmanager/toe/db }}'")
            + Bash("Chained", "echo 'again {{ build.Echo.outputs.stdout }}'")
            + Bash("Fails", "echo 'bad {{ aws:ssm:/toe/secure }}' >&2; exit 3", "onFailure: Continue")));

        _h.Step("build", "Echo").Status.Should().Be(Statuses.Success);
        _h.Step("build", "Echo").Outputs.Should().Contain("secret=***").And.Contain("***");
        _h.ReadLog("console.log").Should().Contain("secret=***");
        foreach (var file in Directory.GetFiles(_h.Folder, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            text.Should().NotContain(Secret, file).And.NotContain("sm-Pa55w0rd-value", file);
        }

        string.Join("\n", _h.Observer.Finished.Select(e => e.FailureMessage + string.Join("\n", e.StderrTail))).Should().NotContain(Secret, "progress messages are masked too").And.Contain("bad ***");
        _h.Result!.Summary.FailureMessage.Should().Contain("bad ***").And.NotContain(Secret);
    }

    [Test]
    public async Task Ssm_values_can_be_used_in_if_and_in_a_loop_list()
    {
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(
            Bash("When", "echo matched", "if: { stringEquals: 'hello from ssm', value: '{{ aws:ssm:/toe/plain }}' }")
            + Bash("Each", "echo 'item {{ loop.value }}'", "loop: { forEach: { list: '{{ aws:ssm:/toe/list }}', delimiter: ',' } }")));

        _h.Result!.Summary.Status.Should().Be(Statuses.Success, _h.Result.Summary.FailureMessage);
        _h.Step("build", "When").Outputs.Should().Be("""[{"stdout":"matched"}]""");
        _h.ReadLog("console.log").Should().Contain("item a\nitem b\nitem c");
    }

    [Test]
    public async Task A_missing_parameter_fails_the_step_with_one_line_naming_it_and_the_run_goes_on_by_onFailure()
    {
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(Bash("Missing", "echo '{{ aws:ssm:/toe/nope }}'", "onFailure: Continue") + Bash("After", "echo after")));

        _h.Step("build", "Missing").FailureMessage.Should().Be(
            $"'{{{{ aws:ssm:/toe/nope }}}}': SSM parameter '/toe/nope' does not exist in {AwsEmulator.Region} (ParameterNotFound): check the name (names are case-sensitive) and the Region (AWS_REGION)");
        _h.Step("build", "After").Status.Should().Be(Statuses.Success);
    }

    [Test]
    public async Task Access_denied_says_which_permission_to_add()
    {
        _emulator.Deny("ssm:GetParameter");
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(Bash("Denied", "echo '{{ aws:ssm:/toe/plain }}'")));

        var message = _h.Step("build", "Denied").FailureMessage;
        message.Should().StartWith("'{{ aws:ssm:/toe/plain }}': SSM parameter '/toe/plain' cannot be read: access denied (400 AccessDeniedException); allow ssm:GetParameter");
        message.Should().NotContain("\n").And.NotContain(AwsEmulator.SecretKey);
        _emulator.CallsOf("ssm:GetParameter").Should().HaveCount(1, "access denied is not retried");
    }

    [Test]
    public async Task Throttling_is_retried_with_backoff_and_the_value_arrives()
    {
        _emulator.Throttle("ssm:GetParameter", 2);
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(Bash("Throttled", "echo '{{ aws:ssm:/toe/plain }}'")));

        _h.Step("build", "Throttled").Outputs.Should().Be("""[{"stdout":"hello from ssm"}]""");
        _emulator.CallsOf("ssm:GetParameter").Should().HaveCount(3);
    }

    [Test]
    public async Task Throttling_that_does_not_stop_fails_the_step_with_one_line()
    {
        _emulator.Throttle("ssm:GetParameter", 50);
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(Bash("Throttled", "echo '{{ aws:ssm:/toe/plain }}'")));

        _h.Step("build", "Throttled").FailureMessage.Should().Be(
            "'{{ aws:ssm:/toe/plain }}': SSM parameter '/toe/plain' cannot be read: SSM Parameter Store kept throttling the requests after retries: try again later or lower the concurrency (400 ThrottlingException)");
    }

    [Test]
    public async Task No_credentials_and_no_region_are_one_line_each_before_any_request()
    {
        using var noKeys = Client(env =>
        {
            env.Remove("AWS_ACCESS_KEY_ID");
            env.Remove("AWS_SECRET_ACCESS_KEY");
            env.Remove("AWS_SESSION_TOKEN");
        });
        var value = noKeys.TryGet("/toe/plain", out var problem);

        value.Should().BeNull();
        problem.Should().Be($"SSM parameter '/toe/plain' cannot be read: {AwsErrors.NoCredentials}");

        using var noRegion = Client(env =>
        {
            env.Remove("AWS_REGION");
            env.Remove("AWS_ENDPOINT_URL");
        });
        noRegion.TryGet("/toe/plain", out problem).Should().BeNull();
        problem.Should().Be("SSM parameter '/toe/plain' cannot be read: no AWS Region is configured: set AWS_REGION (or region in ~/.aws/config)");
        _emulator.CallsOf("ssm:GetParameter").Should().BeEmpty();
    }

    [Test]
    public async Task The_SSM_endpoint_override_wins_over_AWS_ENDPOINT_URL()
    {
        using var client = Client(env =>
        {
            env["AWS_ENDPOINT_URL_SSM"] = env["AWS_ENDPOINT_URL"];
            env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/";
        });

        client.TryGet("/toe/plain", out _)!.Value.Should().Be("hello from ssm");
        await Task.CompletedTask;
    }

    [Test]
    public async Task A_resolve_argument_without_a_value_fails_the_step_with_what_to_pass()
    {
        using var client = Client();
        _h.ParameterStore = client;

        await _h.RunAsync(Yaml(Bash("Dynamic", "echo '{{ aws:ssm:resolve(Which) }}'"), header: "parameters:\n  - Which:\n      type: string"));

        _h.Step("build", "Dynamic").FailureMessage.Should().Be(
            "'{{ aws:ssm:resolve(Which) }}': parameter 'Which' has no value, so there is no SSM parameter name to resolve; give it a value with --parameters Which=/my/parameter");
    }

    [Test]
    public async Task A_SecureString_stays_masked_after_a_reboot_in_steps_that_only_chain_it()
    {
        var store = new Toe.Reboot.RunStateStore(Path.Combine(_h.Root, "state"));
        var indicator = Path.Combine(_h.Root, "rebooted");
        var yaml = Yaml(
            Bash("Read", "echo '{{ aws:ssm:/toe/secure }}'")
            + Bash("Restart", $"if [ -f '{indicator}' ]; then exit 0; fi; touch '{indicator}'; exit 194")
            + Bash("Chain", "echo 'chained {{ build.Read.outputs.stdout }}'"));
        var request = _h.Request(yaml);

        // Each invocation is a new process: a new masker, a new Parameter Store client.
        async Task<Toe.Reboot.ResumableRunResult> InvokeAsync()
        {
            using var client = Client();
            var engine = new Toe.Engine.Engine(Toe.Actions.BuiltInActions.CreateRegistry(), new Toe.Engine.EngineOptions
            {
                SecretMasker = new Toe.Logging.SecretMasker(),
                ParameterStore = client,
                Termination = FastTermination,
            });
            var run = new Toe.Reboot.ResumableRun(engine, store, new RecordingRebootHost(), Toe.Reboot.RebootMode.Exit, _ => { });
            return await run.RunAsync(request, "same", ["toe", "run"], _h.Root, _h.Observer, CancellationToken.None);
        }

        (await InvokeAsync()).Action.Should().Be(Toe.Reboot.RebootAction.Exit);
        var resumed = await InvokeAsync();

        _h.Use(resumed.Result!).Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Chain").Outputs.Should().Be("[{\"stdout\":\"chained ***\"}]");
        foreach (var file in Directory.GetFiles(_h.Folder, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Secret, file);
        }

        _ssm.Reads["/toe/secure"].Should().Be(1, "the resumed run did not read the parameter again");
    }

    [Test]
    public void The_real_binary_masks_a_SecureString_in_every_file_stdout_and_stderr_and_never_prints_credentials()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(
            Bash("Echo", "echo 'value={{ aws:ssm:/toe/secure }}'")
            + Bash("Plain", "echo '{{ aws:ssm:/toe/plain }}'")
            + Bash("Fails", "echo 'oops {{ aws:ssm:/toe/secure }}' >&2; exit 1")));
        var logs = temp.Combine("logs");

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "--documents", "doc.yaml", "--log-directory", logs, "--trace");

        result.ExitCode.Should().Be(1, result.Stdout + result.Stderr);
        var summary = JsonNode.Parse(result.Stdout)!;
        summary["failureMessage"]!.GetValue<string>().Should().Contain("oops ***");
        var everything = string.Concat(Directory.GetFiles(logs, "*", SearchOption.AllDirectories).Select(File.ReadAllText)) + result.Stdout + result.Stderr;
        everything.Should().Contain("value=***").And.Contain("hello from ssm");
        everything.Should().NotContain(Secret).And.NotContain(AwsEmulator.SecretKey).And.NotContain(AwsEmulator.SessionToken);
        _emulator.SignatureFailures.Should().BeEmpty();
    }

    [Test]
    public void The_real_binary_names_a_missing_parameter_in_the_summary()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Missing", "echo '{{ aws:ssm:/toe/absent }}'")));

        var result = ToeProcess.RunIn(temp.Path, _emulator.ClientEnvironment(), "run", "--documents", "doc.yaml", "--log-directory", temp.Combine("logs"));

        result.ExitCode.Should().Be(1);
        JsonNode.Parse(result.Stdout)!["failureMessage"]!.GetValue<string>().Should().Contain("SSM parameter '/toe/absent' does not exist in us-west-2 (ParameterNotFound)");
    }
}

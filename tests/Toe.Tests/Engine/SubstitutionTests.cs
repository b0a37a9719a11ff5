using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Toe.Engine;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

[TestFixture]
public sealed partial class SubstitutionTests : EngineTestBase
{
    private const string Variables = """
        parameters:
          - FromGlobal:
              type: string
              default: global-default
          - FromDocument:
              type: string
              default: document-default
          - FromDefault:
              type: string
              default: just-the-default
        constants:
          - Fixed:
              type: string
              value: constant-value
        """;

    [Test]
    public async Task Parameters_take_global_then_document_values_then_defaults_and_constants_are_fixed()
    {
        var document = _h.Document(Yaml(
            Bash("Show", "echo '{{ FromGlobal }}|{{FromDocument}}|{{ FromDefault}}|{{ Fixed }}'"),
            Variables));
        var request = new DocumentRequest(document)
        {
            Parameters = new Dictionary<string, string> { ["FromDocument"] = "document-value", ["Fixed"] = "cannot-override" },
        };

        var result = await _h.RunAsync([request], r => r with
        {
            Parameters = new Dictionary<string, string> { ["FromGlobal"] = "global-value", ["FromDocument"] = "loses", ["Unknown"] = "ignored" },
        });

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Show").Outputs.Should().Be("""[{"stdout":"global-value|document-value|just-the-default|constant-value"}]""");
    }

    [Test]
    public async Task Go_templates_are_left_as_written()
    {
        var document = _h.Document(Yaml(Bash("Show", "echo '{{ .Names }} {{json .Config}} {{ Fixed }}'"), Variables));

        var result = await _h.RunAsync([new DocumentRequest(document)]);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Show").Outputs.Should().Be("""[{"stdout":"{{ .Names }} {{json .Config}} constant-value"}]""");
    }

    [Test]
    public async Task A_parameter_without_any_value_fails_the_step_clearly()
    {
        await _h.RunAsync(Yaml(Bash("Show", "echo '{{ NoValue }}'"), "parameters:\n  - NoValue:\n      type: string"));

        _h.Step("build", "Show").FailureMessage.Should().Be("parameter 'NoValue' has no value: it has no default and no value was given for it");
        _h.Observer.Finished.Single().Attempts.Should().Be(0);
    }

    [Test]
    public async Task An_unknown_variable_fails_the_step_clearly()
    {
        await _h.RunAsync(Yaml(Bash("Show", "echo '{{ Missing }}'")));

        _h.Step("build", "Show").FailureMessage.Should().Be("'{{ Missing }}' is not a parameter or constant of this document");
    }

    [Test]
    public async Task Chaining_reads_outputs_and_inputs_of_steps_that_already_ran()
    {
        var yaml = """
            name: chaining
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: First
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo one
                        - echo two
                  - name: Second
                    action: ExecuteBash
                    inputs:
                      commands:
                        - "echo '{{ build.First.outputs.stdout }}' | tr '\\n' +"
              - name: validate
                steps:
                  - name: Third
                    action: ExecuteBash
                    inputs:
                      commands:
                        - "echo 'out={{ build.Second.outputs[0].stdout }} in={{ build.First.inputs.commands }} in0={{ build.First.inputs[0].commands }}'"
            """;

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Second").Outputs.Should().Be("""[{"stdout":"one+two+"}]""");
        _h.Step("validate", "Third").Outputs.Should().Be("""[{"stdout":"out=one+two+ in=[\"echo one\",\"echo two\"] in0=[\"echo one\",\"echo two\"]"}]""");

        var chaining = _h.ReadLog("chaining.json");
        chaining.Should().Contain("\"expression\": \"{{ build.First.outputs.stdout }}\"").And.Contain("\"value\": \"one\\ntwo\"");
    }

    [Test]
    public async Task Chaining_to_a_step_that_has_not_run_fails_the_step_at_run_time()
    {
        var yaml = Yaml(
            Bash("Early", "echo '{{ build.Later.outputs.stdout }}'", "onFailure: Continue")
            + Bash("Later", "echo later")
            + Bash("NoSuchOutput", "echo '{{ build.Later.outputs.nothing }}'", "onFailure: Continue")
            + Bash("BadIndex", "echo '{{ build.Later.inputs[3].commands }}'", "onFailure: Continue"));

        var result = await _h.RunAsync(yaml);

        result.Summary.FailedStepCount.Should().Be(3);
        _h.Step("build", "Early").FailureMessage.Should().Be("'{{ build.Later.outputs.stdout }}' cannot be resolved: step 'Later' of phase 'build' has not run in this document (chaining can only use steps that ran before this one)");
        _h.Step("build", "NoSuchOutput").FailureMessage.Should().Be("'{{ build.Later.outputs.nothing }}' cannot be resolved: step 'build.Later' has no output 'nothing'");
        _h.Step("build", "BadIndex").FailureMessage.Should().Contain("index 3 is out of range");
    }

    [Test]
    public async Task Chaining_does_not_cross_documents()
    {
        var first = _h.Document(Yaml(Bash("Producer", "echo made")), "first.yaml");
        var second = _h.Document(Yaml(Bash("Consumer", "echo '{{ build.Producer.outputs.stdout }}'")), "second.yaml");

        var result = await _h.RunAsync([new DocumentRequest(first), new DocumentRequest(second)]);

        result.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Consumer", document: 1).FailureMessage.Should().Contain("has not run in this document");
    }

    [Test]
    public async Task Env_variables_use_exact_names_and_unset_ones_are_empty()
    {
        _h.Host = new FakeHost(new Dictionary<string, string> { ["TOE_TEST_VALUE"] = "from-env" });

        await _h.RunAsync(Yaml(Bash("Show", "echo '[{{ env:TOE_TEST_VALUE }}][{{env:toe_test_value}}][{{ env:TOE_TEST_UNSET }}]'")));

        _h.Step("build", "Show").Outputs.Should().Be("""[{"stdout":"[from-env][][]"}]""");
    }

    [Test]
    public async Task Context_variables_resolve()
    {
        _h.Host = new FakeHost([]);
        _h.Clock = new FixedClock(new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-7)));
        var yaml = Yaml(Bash("Ctx", string.Join('\n',
            "echo '{{ context:executionId }}'",
            "echo '{{ context:phase }}/{{ context:step }}'",
            "echo '{{ context:osPlatform }}|{{ context:osName }}|{{ context:osVersion }}|{{ context:hostname }}'",
            "echo '[{{ context:accountId }}][{{ context:region }}]'",
            "echo '{{ context:date }}|{{ context:dateTime }}'",
            "echo '{{ context:uuid }}'")));

        var result = await _h.RunAsync(yaml, r => r with { ExecutionId = "exec-123" });

        result.Summary.Status.Should().Be(Statuses.Success);
        var lines = ChainingOutput(_h.Step("build", "Ctx").Outputs).Split('\n');
        lines[0].Should().Be("exec-123");
        lines[1].Should().Be("build/Ctx");
        lines[2].Should().Be("linux|Amazon Linux|2023|build-host");
        lines[3].Should().Be("[][]");
        lines[4].Should().Be("2024-02-29|2024-02-29T23:59:58-07:00");
        Guid.TryParse(lines[5], out _).Should().BeTrue();
    }

    [Test]
    public async Task An_unknown_context_key_and_unsupported_namespaces_fail_clearly()
    {
        await _h.RunAsync(Yaml(
            Bash("BadContext", "echo '{{ context:nope }}'", "onFailure: Continue")
            + Bash("Ssm", "echo '{{ aws:ssm:/my/param }}'", "onFailure: Continue")));

        _h.Step("build", "BadContext").FailureMessage.Should().StartWith("'{{ context:nope }}' is not a known context variable");
        _h.Step("build", "Ssm").FailureMessage.Should().Be("'{{ aws:ssm:/my/param }}': SSM Parameter Store is not available to this engine");
    }

    [Test]
    public async Task Step_settings_may_use_parameters()
    {
        await _h.RunAsync(Yaml(
            Bash("Configured", "echo hi", "timeoutSeconds: '{{ Timeout }}'\nmaxAttempts: '{{ Attempts }}'"),
            "parameters:\n  - Timeout:\n      type: string\n      default: '42'\n  - Attempts:\n      type: string\n      default: '2'"));

        var step = _h.Step("build", "Configured");
        step.TimeoutSeconds.Should().Be(42);
        step.MaxAttempts.Should().Be(2);
    }

    [Test]
    public async Task Shell_syntax_that_looks_like_a_variable_is_left_alone()
    {
        await _h.RunAsync(Yaml(Bash("Shell", "X=shell; echo \"${X} $((1+1))\"")));

        _h.Step("build", "Shell").Outputs.Should().Be("""[{"stdout":"shell 2"}]""");
    }

    private static string ChainingOutput(string outputs)
    {
        var match = StdoutPattern().Match(outputs);
        return Regex.Unescape(match.Groups[1].Value);
    }

    [GeneratedRegex("""^\[\{"stdout":"(.*)"\}\]$""", RegexOptions.Singleline)]
    private static partial Regex StdoutPattern();

    private sealed class FakeHost(Dictionary<string, string> environment) : IHostEnvironment
    {
        public string OsPlatform => "linux";

        public string OsName => "Amazon Linux";

        public string OsVersion => "2023";

        public string Hostname => "build-host";

        public string AccountId => string.Empty;

        public string Region => string.Empty;

        public string? GetEnvironmentVariable(string name) => environment.GetValueOrDefault(name);
    }
}

internal sealed class FixedClock(DateTimeOffset now) : IClock
{
    public DateTimeOffset Now => now;
}

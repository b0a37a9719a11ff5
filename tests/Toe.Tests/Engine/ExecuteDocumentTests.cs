using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Engine;
using Toe.Logging;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

/// <summary>ExecuteDocument: real nested documents on disk, real bash, one engine run.</summary>
[TestFixture]
public sealed class ExecuteDocumentTests : EngineTestBase
{
    [Test]
    public async Task Parameters_and_phases_are_passed_down_and_the_path_is_relative_to_the_calling_document()
    {
        Write("main/sub/child.yaml",
            """
            name: child
            schemaVersion: 1.0
            parameters:
              - greeting:
                  type: string
                  default: unset
            phases:
              - name: build
                steps:
                  - name: BuildStep
                    action: ExecuteBash
                    inputs:
                      commands: ['echo "child-build {{ greeting }}"']
              - name: validate
                steps:
                  - name: ValidateStep
                    action: ExecuteBash
                    inputs:
                      commands: ['echo "child-validate {{ greeting }}"']
              - name: test
                steps:
                  - name: TestStep
                    action: ExecuteBash
                    inputs:
                      commands: ['echo "child-test {{ greeting }}"']
            """);
        Directory.CreateDirectory(Path.Combine(_h.Root, "main"));

        var result = await RunAs("main/main.yaml", Yaml(Nested("Nested", "sub/child.yaml", "phases: build, test", ("greeting", "hello"))));

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        var console = _h.ReadLog("console.log");
        console.Should().Contain("child-build hello").And.Contain("child-test hello").And.NotContain("child-validate");
        var outputs = Outputs(_h.Step("build", "Nested"));
        outputs["executedStepCount"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public async Task A_nested_failure_fails_the_caller_with_the_nested_message_and_aborts()
    {
        Write("child.yaml", Yaml(Bash("Boom", "echo kaboom >&2\nexit 4")));

        var result = await _h.RunAsync(Yaml(Nested("Nested", "child.yaml") + Bash("After", "echo after-ran")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.Summary.FailedStepCount.Should().Be(1, "the nested step counts in the nested summary, the caller's step here");
        var step = _h.Step("build", "Nested");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("child.yaml").And.Contain("step 'Boom'").And.Contain("exit code 4");
        var outputs = Outputs(step);
        outputs["status"]!.GetValue<string>().Should().Be("failed");
        outputs["failedStepCount"]!.GetValue<int>().Should().Be(1);
        _h.ReadLog("console.log").Should().NotContain("after-ran");
    }

    [Test]
    public async Task DisableLogging_on_the_calling_step_covers_the_nested_document()
    {
        Write("child.yaml", Yaml(Bash("Secret", "echo nested-s3cr3t-output")));

        var result = await _h.RunAsync(Yaml(Nested("Nested", "child.yaml", "disableLogging: true")));

        result.Summary.Status.Should().Be(Statuses.Success);
        var written = string.Join("\n", Directory.GetFiles(_h.Folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        written.Should().NotContain("nested-s3cr3t-output");
        _h.Step("build", "Nested").DetailedOutput.Should().BeNull();
    }

    [Test]
    public async Task OnFailure_Continue_on_the_calling_step_lets_later_steps_run()
    {
        Write("child.yaml", Yaml(Bash("Boom", "exit 4")));

        var result = await _h.RunAsync(Yaml(Nested("Nested", "child.yaml", "onFailure: Continue") + Bash("After", "echo after-ran")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Nested").Status.Should().Be(Statuses.Failed);
        _h.Step("build", "After").Status.Should().Be(Statuses.Success);
        _h.ReadLog("console.log").Should().Contain("after-ran");
    }

    [Test]
    public async Task Three_nesting_levels_run()
    {
        Write("b.yaml", Yaml(Nested("ToC", "c.yaml")));
        Write("c.yaml", Yaml(Nested("ToD", "d.yaml")));
        Write("d.yaml", Yaml(Bash("Deepest", "echo deepest-ran")));

        var result = await RunAs("a.yaml", Yaml(Nested("ToB", "b.yaml")));

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        _h.ReadLog("console.log").Should().Contain("deepest-ran");
    }

    [Test]
    public async Task A_fourth_nesting_level_is_refused_before_the_document_is_read()
    {
        Write("b.yaml", Yaml(Nested("ToC", "c.yaml")));
        Write("c.yaml", Yaml(Nested("ToD", "d.yaml")));
        Write("d.yaml", Yaml(Nested("ToE", "e.yaml")));
        Write("e.yaml", Yaml(Bash("TooDeep", "echo too-deep-ran")));

        var result = await RunAs("a.yaml", Yaml(Nested("ToB", "b.yaml")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.Summary.FailureMessage.Should().Contain("nesting is limited to 3 levels (4 documents)").And.Contain("e.yaml");
        _h.ReadLog("console.log").Should().NotContain("too-deep-ran");
    }

    [Test]
    public async Task A_cycle_is_refused_with_the_chain_before_anything_of_the_repeated_document_runs()
    {
        Write("b.yaml", Yaml(Nested("BackToA", "a.yaml")));

        var result = await RunAs("a.yaml", Yaml(Bash("Start", "echo a-start") + Nested("ToB", "b.yaml")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        var a = Path.Combine(_h.Root, "a.yaml");
        var b = Path.Combine(_h.Root, "b.yaml");
        result.Summary.FailureMessage.Should().Contain($"cyclic execution refused: {a} -> {b} -> {a}");
        CountOf(_h.ReadLog("console.log"), "a-start").Should().Be(1);
    }

    [Test]
    public async Task A_loop_runs_documents_in_turn_keeping_every_nested_report_and_repeats_are_no_cycle()
    {
        Write("one.yaml", Yaml(Bash("First", "echo from-one")));
        Write("two.yaml", Yaml(Bash("Second", "echo from-two")));
        var loop = """
                  - name: Each
                    action: ExecuteDocument
                    loop:
                      name: docs
                      forEach: [one.yaml, two.yaml, one.yaml]
                    inputs:
                      document: '{{ docs.value }}'
            """;

        var result = await _h.RunAsync(Yaml(loop + "\n"));

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        CountOf(_h.ReadLog("console.log"), "from-one").Should().Be(2);
        var reports = _h.Step("build", "Each").DetailedOutput!.AsArray();
        reports.Select(r => r!["documents"]![0]!["filePath"]!.GetValue<string>())
            .Should().Equal(Path.Combine(_h.Root, "one.yaml"), Path.Combine(_h.Root, "two.yaml"), Path.Combine(_h.Root, "one.yaml"));
    }

    [Test]
    public async Task A_blocked_module_cannot_enter_through_a_nested_document()
    {
        Write("child.yaml", Yaml(Bash("Blocked", "echo blocked-ran")));
        var validation = new Toe.Validation.ValidationOptions { BlockedActionModules = new HashSet<string>(["ExecuteBash"], StringComparer.OrdinalIgnoreCase) };

        await _h.RunAsync(Yaml(Nested("Nested", "child.yaml")), r => r with { Validation = validation });

        _h.Step("build", "Nested").FailureMessage.Should().Contain("is not valid").And.Contain("ExecuteBash");
        _h.ReadLog("console.log").Should().NotContain("blocked-ran");
    }

    [Test]
    public async Task A_missing_document_fails_the_step_clearly()
    {
        await _h.RunAsync(Yaml(Nested("Nested", "nowhere.yaml")));

        var step = _h.Step("build", "Nested");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"ExecuteDocument: the document '{Path.Combine(_h.Root, "nowhere.yaml")}' does not exist");
    }

    [Test]
    public async Task A_malformed_component_ARN_fails_the_step_before_any_AWS_call()
    {
        // Well-formed ARNs are fetched from Image Builder: see Toe.Tests.Aws.ImageBuilder.ComponentArnCliTests.
        await _h.RunAsync(Yaml(Nested("FromArn", "arn:aws:imagebuilder:us-west-2:aws:component/x/1.0")));

        _h.Step("build", "FromArn").FailureMessage.Should().Contain("'arn:aws:imagebuilder:us-west-2:aws:component/x/1.0' is not a valid component ARN")
            .And.Contain("give arn:aws:imagebuilder:<region>:<account>:component/<name>/<x.y.z>/<build>");
    }

    [Test]
    public async Task An_invalid_nested_document_fails_with_positions_and_runs_nothing()
    {
        Write("child.yaml", Yaml(Bash("Fine", "echo fine-ran") + "      - name: Broken\n        action: NoSuchAction\n"));

        await _h.RunAsync(Yaml(Nested("Nested", "child.yaml")));

        var step = _h.Step("build", "Nested");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("is not valid").And.MatchRegex($@"{System.Text.RegularExpressions.Regex.Escape(Path.Combine(_h.Root, "child.yaml"))}:\d+:\d+: error TOE\d+");
        _h.ReadLog("console.log").Should().NotContain("fine-ran");
    }

    [Test]
    public async Task Outputs_hold_the_summary_keys_and_the_step_holds_the_nested_detailedOutput()
    {
        Write("child.yaml", Yaml(Bash("One", "echo one") + Bash("Two", "echo two")));

        await _h.RunAsync(Yaml(Nested("Nested", "child.yaml")));

        var step = _h.Step("build", "Nested");
        step.TimeoutSeconds.Should().Be(-1, "ExecuteDocument runs without a timeout even when the document omits it");
        step.MaxAttempts.Should().Be(1);
        var outputs = Outputs(step);
        outputs.Select(p => p.Key).Should().Equal("executedStepCount", "executionId", "failedStepCount", "failureMessage", "ignoredFailedStepCount", "logUrl", "status");
        outputs["status"]!.GetValue<string>().Should().Be("success");
        outputs["executedStepCount"]!.GetValue<int>().Should().Be(2);
        outputs["executionId"]!.GetValue<string>().Should().NotBe(_h.Result!.Summary.ExecutionId);

        var nested = step.DetailedOutput.Should().BeOfType<JsonArray>().Subject.Should().ContainSingle().Subject!.AsObject();
        nested["executionId"]!.GetValue<string>().Should().Be(outputs["executionId"]!.GetValue<string>());
        nested["status"]!.GetValue<string>().Should().Be("success");
        var document = nested["documents"]![0]!;
        document["filePath"]!.GetValue<string>().Should().Be(Path.Combine(_h.Root, "child.yaml"));
        document["phases"]![0]!["steps"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("One", "Two");

        // The nested run writes no report of its own: one detailedoutput.json, the caller's.
        Directory.GetFiles(_h.LogDirectory, RunFolder.DetailedOutputFile, SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Test]
    public async Task A_later_step_can_chain_the_nested_status()
    {
        Write("child.yaml", Yaml(Bash("One", "echo one")));

        await _h.RunAsync(Yaml(Nested("Nested", "child.yaml") + Bash("Show", "echo \"nested={{ build.Nested.outputs.status }}\"")));

        _h.ReadLog("console.log").Should().Contain("nested=success");
    }

    [Test]
    public async Task An_interruption_during_a_nested_step_ends_its_processes_and_fails_both_steps()
    {
        var marker = "1000." + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        Write("child.yaml", Yaml(Bash("Sleeps", $"sleep {marker} &\nsleep {marker}") + Bash("NeverRuns", "echo never-ran")));
        using var cancel = new CancellationTokenSource();
        _h.Observer.OnStepStarted = e =>
        {
            if (e.Step == "Nested")
            {
                cancel.CancelAfter(TimeSpan.FromMilliseconds(1000));
            }
        };

        var watch = Stopwatch.StartNew();
        var result = await _h.RunAsync(Yaml(Nested("Nested", "child.yaml", "onFailure: Ignore")), r => r with { DescribeInterruption = () => "SIGINT" }, cancel.Token);
        watch.Stop();

        result.Interrupted.Should().BeTrue();
        result.Summary.Status.Should().Be(Statuses.Failed);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8));
        ProcessesWithArgument(marker).Should().BeEmpty();
        var step = _h.Step("build", "Nested");
        step.Status.Should().Be(Statuses.Failed, "an interruption is not ignored");
        step.FailureMessage.Should().Be("interrupted by SIGINT");
        var nestedStep = step.DetailedOutput![0]!["documents"]![0]!["phases"]![0]!["steps"]![0]!;
        nestedStep["name"]!.GetValue<string>().Should().Be("Sleeps");
        nestedStep["status"]!.GetValue<string>().Should().Be(Statuses.Failed);
        nestedStep["failureMessage"]!.GetValue<string>().Should().Be("interrupted by SIGINT");
        _h.ReadLog("console.log").Should().NotContain("never-ran");
    }

    /// <summary>Runs <paramref name="yaml"/> saved as <paramref name="fileName"/> under the harness root.</summary>
    private Task<RunResult> RunAs(string fileName, string yaml) => _h.RunAsync([new DocumentRequest(_h.Document(yaml, fileName))]);

    private void Write(string relativePath, string yaml)
    {
        var path = Path.Combine(_h.Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
    }

    /// <summary>One ExecuteDocument step; <paramref name="extra"/> is "key: value" lines (input phases, or step settings).</summary>
    private static string Nested(string name, string document, string? extra = null, params (string Name, string Value)[] parameters)
    {
        var stepSettings = extra is not null && !extra.StartsWith("phases:", StringComparison.Ordinal) ? $"        {extra}\n" : string.Empty;
        var phases = extra is not null && extra.StartsWith("phases:", StringComparison.Ordinal) ? $"          {extra}\n" : string.Empty;
        var yaml = $"      - name: {name}\n        action: ExecuteDocument\n{stepSettings}        inputs:\n          document: {document}\n{phases}";
        if (parameters.Length > 0)
        {
            yaml += "          parameters:\n" + string.Concat(parameters.Select(p => $"            - name: {p.Name}\n              value: {p.Value}\n"));
        }

        return yaml;
    }

    private static JsonObject Outputs(StepReport step) =>
        JsonNode.Parse(step.Outputs)!.AsArray().Should().ContainSingle().Subject!.AsObject();

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static List<int> ProcessesWithArgument(string argument)
    {
        // Give the kernel a moment to reap what was just killed.
        Thread.Sleep(200);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(argument))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

/// <summary>The step <c>if</c> construct through the real engine (page toe-conditional-constructs).</summary>
[TestFixture]
public sealed class IfTests : EngineTestBase
{
    private static string Step(string name, string ifBlock, string command, string extra = "") => $"""
              - name: {name}
                action: ExecuteBash
        {extra}        if:
        {ifBlock}
                inputs:
                  commands:
                    - {command}

        """;

    private static string If(params string[] lines) => string.Join("\n", lines.Select(l => "          " + l));

    [Test]
    public async Task True_runs_the_step_and_false_skips_it_as_a_success()
    {
        var result = await _h.RunAsync(Yaml(
            Step("Runs", If("stringEquals: 'yes'", "value: 'YES'"), "echo ran-true") +
            Step("Skipped", If("numberGreaterThan: 5", "value: 2"), "echo ran-false")));

        result.Summary.Status.Should().Be(Statuses.Success);
        result.Summary.SkippedStepCount.Should().Be(1);
        result.Summary.ExecutedStepCount.Should().Be(1, "a skipped step did not run");
        _h.Step("build", "Runs").Status.Should().Be(Statuses.Success);
        _h.Step("build", "Skipped").Status.Should().Be(Statuses.Skipped);
        _h.Step("build", "Skipped").FailureMessage.Should().BeEmpty();
        _h.ReadLog("console.log").Should().Contain("ran-true").And.NotContain("ran-false");
        _h.ReadLog("application.log").Should().Contain("if: ").And.Contain("so Skip");
    }

    [Test]
    public async Task Then_and_else_choose_the_branch()
    {
        var result = await _h.RunAsync(Yaml(
            Step("TrueButSkip", If("folderExists: /", "then: Skip"), "echo a") +
            Step("FalseButRun", If("fileExists: /no/such/file", "else: Execute"), "echo b")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "TrueButSkip").Status.Should().Be(Statuses.Skipped);
        _h.Step("build", "FalseButRun").Status.Should().Be(Statuses.Success);
    }

    [Test]
    public async Task Abort_fails_the_step_and_onFailure_applies()
    {
        var result = await _h.RunAsync(Yaml(
            Step("Guard", If("binaryExists: definitely-not-a-binary-toe", "else: Abort"), "echo never") +
            Step("After", If("folderExists: /"), "echo after")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        var guard = _h.Step("build", "Guard");
        guard.Status.Should().Be(Statuses.Failed);
        guard.FailureMessage.Should().Contain("definitely-not-a-binary-toe").And.Contain("the step is aborted");
        _h.ReadLog("console.log").Should().NotContain("never").And.NotContain("after");
    }

    [Test]
    public async Task The_older_list_form_is_accepted()
    {
        var result = await _h.RunAsync(Yaml(Step("ListForm", If("- stringIsEmpty: ''", "  then: Skip"), "echo x")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "ListForm").Status.Should().Be(Statuses.Skipped);
    }

    [Test]
    public async Task Chaining_and_parameters_reach_the_condition()
    {
        // The form of AWS's own AL2023 sample: value before the operator key, chained stdout.
        var yaml = Yaml(
            Bash("Kind", "echo s3") +
            Step("OnlyForS3", If("value: '{{ build.Kind.outputs.stdout }}'", "stringEquals: '{{ Wanted }}'"), "echo chained-ok"),
            "parameters:\n  - Wanted:\n      type: string\n      default: s3");

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "OnlyForS3").Status.Should().Be(Statuses.Success);
        _h.ReadLog("console.log").Should().Contain("chained-ok");
    }

    [Test]
    public async Task The_condition_is_evaluated_once_not_per_attempt()
    {
        // The first attempt deletes the file the condition looks at; retries must still run.
        var marker = Path.Combine(_h.Root, "marker");
        var counter = Path.Combine(_h.Root, "counter");
        File.WriteAllText(marker, "x");
        var command = $"'rm -f {marker}; n=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 )); echo $n > {counter}; [ $n -ge 3 ]'";

        var result = await _h.RunAsync(Yaml(Step("Retried", If($"fileExists: {marker}"), command, "        maxAttempts: 3\n")));

        result.Summary.Status.Should().Be(Statuses.Success);
        File.ReadAllText(counter).Trim().Should().Be("3");
    }

    [Test]
    public async Task A_condition_that_cannot_be_evaluated_fails_the_step_clearly()
    {
        var result = await _h.RunAsync(Yaml(Step("BadRegex", If("patternMatches: '(a)\\1'", "value: aa"), "echo never")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "BadRegex").FailureMessage.Should().StartWith("if: the condition cannot be evaluated:");
    }

    [Test]
    public async Task If_and_loop_together_run_every_iteration_when_true()
    {
        var result = await _h.RunAsync(Yaml(Step("Looped", If("folderExists: /"), "'echo item-{{ loop.value }}'", "        loop:\n          forEach: [a, b]\n")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.ReadLog("console.log").Should().Contain("item-a").And.Contain("item-b");
    }
}

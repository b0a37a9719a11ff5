using FluentAssertions;
using NUnit.Framework;
using Toe.Engine;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

[TestFixture]
public sealed class OnFailureTests : EngineTestBase
{
    [Test]
    public async Task Abort_stops_later_steps_phases_and_documents()
    {
        var first = _h.Document(
            """
            name: first
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Ok
                    action: ExecuteBash
                    inputs:
                      commands: ['echo ok']
                  - name: Fails
                    action: ExecuteBash
                    onFailure: Abort
                    inputs:
                      commands: ['echo boom >&2', 'exit 3']
                  - name: NeverRuns
                    action: ExecuteBash
                    inputs:
                      commands: ['echo never']
              - name: validate
                steps:
                  - name: NeverRunsEither
                    action: ExecuteBash
                    inputs:
                      commands: ['echo never']
            """,
            "first.yaml");
        var second = _h.Document(Yaml(Bash("OtherDocument", "echo never")), "second.yaml");

        var result = await _h.RunAsync([new DocumentRequest(first), new DocumentRequest(second)]);

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.ExitCode.Should().Be(1);
        result.Summary.ExecutedStepCount.Should().Be(2);
        result.Summary.FailedStepCount.Should().Be(1);
        result.Summary.FailureMessage.Should().Contain("step 'Fails'").And.Contain("ExecuteBash failed with exit code 3").And.Contain("boom");

        var report = _h.ReadDetailedOutput();
        report.Status.Should().Be(Statuses.Failed);
        report.Documents.Should().ContainSingle("the second document never started");
        report.Documents[0].Status.Should().Be(Statuses.Failed);
        report.Documents[0].Phases.Should().ContainSingle().Which.Steps.Select(s => s.Name).Should().Equal("Ok", "Fails");
        report.Documents[0].Phases[0].Steps[1].Status.Should().Be(Statuses.Failed);
        _h.ReadLog("console.log").Should().NotContain("never");
    }

    [Test]
    public async Task Continue_runs_the_rest_and_the_document_fails()
    {
        var result = await _h.RunAsync(Yaml(
            Bash("Fails", "exit 4", "onFailure: Continue")
            + Bash("After", "echo after")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.ExitCode.Should().Be(1);
        result.Summary.ExecutedStepCount.Should().Be(2);
        result.Summary.FailedStepCount.Should().Be(1);
        _h.Step("build", "Fails").Status.Should().Be(Statuses.Failed);
        _h.Step("build", "After").Status.Should().Be(Statuses.Success);
        var report = _h.ReadDetailedOutput();
        report.Documents[0].Status.Should().Be(Statuses.Failed);
        report.Documents[0].Phases[0].Status.Should().Be(Statuses.Failed);
        report.Documents[0].Phases[0].FailureMessage.Should().Be("step 'Fails': ExecuteBash failed with exit code 4");
    }

    [Test]
    public async Task Ignore_marks_the_step_ignored_and_the_run_succeeds_with_ignored_failures()
    {
        var result = await _h.RunAsync(Yaml(
            Bash("Fails", "exit 5", "onFailure: Ignore")
            + Bash("After", "echo after")));

        result.Summary.Status.Should().Be(Statuses.Success, "the summary's documented values are success/failed/timedOut");
        result.ExitCode.Should().Be(0);
        result.Summary.IgnoredFailedStepCount.Should().Be(1);
        result.Summary.FailedStepCount.Should().Be(0);
        result.Summary.FailureMessage.Should().BeEmpty();

        var step = _h.Step("build", "Fails");
        step.Status.Should().Be(Statuses.Ignored);
        step.FailureMessage.Should().Be("ExecuteBash failed with exit code 5");
        step.OnFailure.Should().Be("Ignore");
        var report = _h.ReadDetailedOutput();
        report.Status.Should().Be(Statuses.SuccessWithIgnoredFailure);
        report.Documents[0].Status.Should().Be(Statuses.SuccessWithIgnoredFailure);
        report.Documents[0].Phases[0].Status.Should().Be(Statuses.SuccessWithIgnoredFailure);
        _h.Step("build", "After").Status.Should().Be(Statuses.Success);
    }

    [Test]
    public async Task OnFailure_may_come_from_a_parameter()
    {
        var result = await _h.RunAsync(Yaml(
            Bash("Fails", "exit 1", "onFailure: '{{ Mode }}'") + Bash("After", "true"),
            "parameters:\n  - Mode:\n      type: string\n      default: Continue"));

        result.Summary.ExecutedStepCount.Should().Be(2);
        _h.Step("build", "Fails").OnFailure.Should().Be("Continue");
    }

    [Test]
    public async Task An_odd_onFailure_value_fails_the_step_clearly_instead_of_crashing()
    {
        var result = await _h.RunAsync(Yaml(Bash("Odd", "true", "onFailure: Sometimes\ntimeoutSeconds: abc")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        var step = _h.Step("build", "Odd");
        step.FailureMessage.Should().Contain("onFailure is 'Sometimes'").And.Contain("timeoutSeconds is 'abc'");
        _h.ReadLog("console.log").Should().Contain("ErrorMessage: onFailure is 'Sometimes'");
    }
}

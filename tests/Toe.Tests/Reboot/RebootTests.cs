using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Engine;
using Toe.Reboot;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Reboot;

/// <summary>Reboot requests and resume through the real engine and real bash; nothing reboots (RecordingRebootHost).</summary>
[TestFixture]
public sealed class RebootTests : EngineTestBase
{
    private RecordingRebootHost _host = null!;
    private RunStateStore _store = null!;
    private string Marker(string name) => Path.Combine(_h.Root, name);

    [SetUp]
    public void CreateStore()
    {
        _host = new RecordingRebootHost();
        _store = new RunStateStore(Path.Combine(_h.Root, "state"));
    }

    private async Task<ResumableRunResult> RunAsync(string yaml, RebootMode mode, int maxReboots = 10, string identity = "same")
    {
        var run = new ResumableRun(_h.CreateEngine(), _store, _host, mode, _ => { }) { MaxReboots = maxReboots };
        var outcome = await run.RunAsync(_h.Request(yaml), identity, ["toe", "run", "--documents", "doc.yaml"], _h.Root, _h.Observer, CancellationToken.None);
        if (outcome.Result is { } result)
        {
            _h.Use(result);
        }

        return outcome;
    }

    /// <summary>A step that counts its runs in a file and prints the count.</summary>
    private string Counting(string name, string extra = "") => Bash(name, $"echo run >> '{Marker(name)}'; {extra}");

    private int Runs(string name) => File.Exists(Marker(name)) ? File.ReadAllLines(Marker(name)).Length : 0;

    [Test]
    public async Task The_reference_exit_code_194_example_runs_the_step_again_after_the_reboot()
    {
        var indicator = Marker("reboot-indicator");
        var yaml = $$"""
            name: ExitCode194Example
            description: This shows how the exit code can be used to restart a system with ExecuteBash
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: RestartTrigger
                    action: ExecuteBash
                    inputs:
                      commands:
                        - |
                          REBOOT_INDICATOR={{indicator}}
                          if [ -f "${REBOOT_INDICATOR}" ]; then
                            echo 'The reboot file exists. Deleting it and exiting with success.'
                            rm "${REBOOT_INDICATOR}"
                            exit 0
                          fi
                          echo 'The reboot file does not exist. Creating it and triggering a restart.'
                          touch "${REBOOT_INDICATOR}"
                          exit 194
            """;

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Action.Should().Be(RebootAction.None);
        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        outcome.Result.Summary.ExecutedStepCount.Should().Be(1, "the step that ran again is counted once");
        var step = _h.Step("build", "RestartTrigger");
        step.Status.Should().Be(Statuses.Success);
        // The page's "Output example: After reboot".
        JsonNode.Parse(step.Outputs)![0]!["stdout"]!.GetValue<string>().Should().Be("The reboot file exists. Deleting it and exiting with success.");
        _h.ReadLog("console.log").Should().Contain("Creating it and triggering a restart.").And.Contain("Deleting it and exiting with success.");
        _h.ReadDetailedOutput().Documents[0].Phases[0].Steps.Should().ContainSingle();
        File.Exists(indicator).Should().BeFalse();
        File.Exists(_store.FilePath).Should().BeFalse("the state is removed when the run ends");
    }

    [Test]
    public async Task The_run_identity_is_computed_only_when_state_is_saved_or_compared()
    {
        // Hashing the documents (SHA-256) loads OpenSSL: a run that never reboots must not pay for it before its first step.
        var asked = 0;
        string Identity()
        {
            asked++;
            return "same";
        }

        var plain = new ResumableRun(_h.CreateEngine(), _store, _host, RebootMode.Simulate, _ => { });
        var outcome = await plain.RunAsync(_h.Request(Yaml(Counting("Only"))), Identity, ["toe", "run"], _h.Root, _h.Observer, CancellationToken.None);
        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        asked.Should().Be(0);

        var rebooting = new ResumableRun(_h.CreateEngine(), _store, _host, RebootMode.Simulate, _ => { });
        outcome = await rebooting.RunAsync(_h.Request(Yaml(Step("RebootStep", "Reboot", "delaySeconds: 60") + Counting("After"))), Identity, ["toe", "run"], _h.Root, _h.Observer, CancellationToken.None);
        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        asked.Should().BeGreaterThan(0, "the state saved for the reboot records the identity, and the resumed run compares it");
    }

    [Test]
    public async Task The_reference_Reboot_step_goes_on_with_the_next_step_and_never_reruns_earlier_ones()
    {
        var yaml = Yaml(
            Counting("Before") +
            Step("RebootStep", "Reboot", "delaySeconds: 60", "onFailure: Abort\nmaxAttempts: 2") +
            Counting("After"));

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        outcome.Result.Summary.ExecutedStepCount.Should().Be(3);
        (Runs("Before"), Runs("After")).Should().Be((1, 1));
        _h.ReadDetailedOutput().Documents[0].Phases[0].Steps.Select(s => (s.Name, s.Status))
            .Should().Equal(("Before", Statuses.Success), ("RebootStep", Statuses.Success), ("After", Statuses.Success));
        _host.Calls.Should().BeEmpty("simulate touches nothing on the machine");
    }

    [Test]
    public async Task Exit_mode_pauses_with_state_saved_and_the_same_command_resumes_in_the_same_log_folder()
    {
        var yaml = Yaml(
            Counting("Before") +
            Step("RebootStep", "Reboot", "delaySeconds: 60") +
            Counting("After"));

        var first = await RunAsync(yaml, RebootMode.Exit);

        first.Action.Should().Be(RebootAction.Exit);
        first.Result!.Summary.Status.Should().Be(Statuses.PendingReboot);
        var folder = first.Result.LogFolder;
        var paused = _store.Load().State!;
        paused.Reboots.Should().Be(1);
        paused.Position.Should().BeEquivalentTo(new RunPosition { Document = 0, Phase = 0, Step = 2 });
        paused.RebootReason.Should().Be("step 'RebootStep' of phase 'build': Reboot module");
        _h.ReadDetailedOutput().Status.Should().Be(Statuses.PendingReboot);
        (Runs("Before"), Runs("After")).Should().Be((1, 0));

        var second = await RunAsync(yaml, RebootMode.Exit);

        second.Action.Should().Be(RebootAction.None);
        second.Result!.LogFolder.Should().Be(folder);
        second.Result.Summary.ExecutionId.Should().Be(first.Result.Summary.ExecutionId);
        second.Result.Summary.Status.Should().Be(Statuses.Success);
        second.Result.Summary.ExecutedStepCount.Should().Be(3);
        (Runs("Before"), Runs("After")).Should().Be((1, 1));
        _h.ReadDetailedOutput().Documents[0].Phases[0].Steps.Select(s => s.Name).Should().Equal("Before", "RebootStep", "After");
        _host.Calls.Should().Equal("remove");
        File.Exists(_store.FilePath).Should().BeFalse();
    }

    [Test]
    public async Task State_of_a_different_run_is_refused_and_nothing_runs()
    {
        var yaml = Yaml(Step("RebootStep", "Reboot", "delaySeconds: 60") + Counting("After"));
        (await RunAsync(yaml, RebootMode.Exit, identity: "run-a")).Action.Should().Be(RebootAction.Exit);

        var other = await RunAsync(Yaml(Counting("Other")), RebootMode.Exit, identity: "run-b");

        other.Result.Should().BeNull();
        other.Problem.Should().StartWith($"the state directory '{_store.Directory}' holds the state of another run (execution ")
            .And.Contain("after reboot 1: step 'RebootStep' of phase 'build': Reboot module")
            .And.EndWith($"or discard it with 'toe state clear --state-directory {_store.Directory}'");
        Runs("Other").Should().Be(0);
        _store.Load().State.Should().NotBeNull("a refused run leaves the state alone");
    }

    [Test]
    public async Task A_corrupt_state_file_is_refused_with_its_path()
    {
        Directory.CreateDirectory(_store.Directory);
        await File.WriteAllTextAsync(_store.FilePath, "{ \"executionId\": ");

        var outcome = await RunAsync(Yaml(Counting("Step")), RebootMode.Exit);

        outcome.Result.Should().BeNull();
        outcome.Problem.Should().StartWith($"the state file '{_store.FilePath}' is not valid JSON");
        Runs("Step").Should().Be(0);
    }

    [Test]
    public async Task An_if_that_was_evaluated_before_the_reboot_is_not_evaluated_again()
    {
        // The script removes the file its if looks for: evaluated again, the if would skip the step.
        var guard = Marker("guard");
        var done = Marker("done");
        File.WriteAllText(guard, "x");
        var yaml = Yaml($$"""
                  - name: Kernel
                    action: ExecuteBash
                    if:
                      fileExists: '{{guard}}'
                    inputs:
                      commands:
                        - if [ -f '{{done}}' ]; then echo second; exit 0; fi; touch '{{done}}'; rm '{{guard}}'; exit 194

            """);

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Kernel").Status.Should().Be(Statuses.Success, "not skipped: the if is not evaluated a second time");
        outcome.Result.Summary.SkippedStepCount.Should().Be(0);
    }

    [Test]
    public async Task Outputs_of_steps_before_the_reboot_can_be_chained_after_it()
    {
        var yaml = Yaml(
            Bash("Produce", "echo produced-value") +
            Step("RebootStep", "Reboot", "delaySeconds: 60") +
            Bash("Consume", "echo got {{ build.Produce.outputs.stdout }}"));

        var first = await RunAsync(yaml, RebootMode.Exit);
        first.Action.Should().Be(RebootAction.Exit);
        var second = await RunAsync(yaml, RebootMode.Exit);

        second.Result!.Summary.Status.Should().Be(Statuses.Success);
        JsonNode.Parse(_h.Step("build", "Consume").Outputs)![0]!["stdout"]!.GetValue<string>().Should().Be("got produced-value");
    }

    [Test]
    public async Task A_step_that_always_asks_for_a_reboot_fails_at_the_reboot_limit()
    {
        var yaml = Yaml(Counting("Loop", "exit 194"));

        var outcome = await RunAsync(yaml, RebootMode.Simulate, maxReboots: 3);

        var context = $"{outcome.Result!.Summary.ToJson()}\n{_h.ReadLog("application.log")}";
        outcome.Result!.Summary.Status.Should().Be(Statuses.Failed, context);
        Runs("Loop").Should().Be(4, "three reboots, then the fourth request fails: " + context);
        _h.Step("build", "Loop").FailureMessage.Should().Be("ExecuteBash exited with code 194: the step asks for a reboot, but the run has already rebooted 3 time(s), the limit (--max-reboots 3); stopped to break a reboot loop");
        File.Exists(_store.FilePath).Should().BeFalse();
    }

    [Test]
    public async Task Fail_mode_fails_the_step_and_saves_nothing()
    {
        var outcome = await RunAsync(Yaml(Counting("Kernel", "exit 194") + Counting("After")), RebootMode.Fail);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Kernel").FailureMessage.Should().Be("ExecuteBash exited with code 194: the step asks for a reboot, and reboots are turned off (--reboot-mode fail)");
        (Runs("Kernel"), Runs("After")).Should().Be((1, 0));
        File.Exists(_store.FilePath).Should().BeFalse();
    }

    [Test]
    public async Task System_mode_registers_the_boot_trigger_then_reboots_and_the_resumed_run_removes_it()
    {
        var yaml = Yaml(Step("RebootStep", "Reboot", "delaySeconds: 5") + Counting("After"));

        var first = await RunAsync(yaml, RebootMode.System);

        first.Action.Should().Be(RebootAction.Rebooting);
        _host.Calls.Should().Equal("register", "reboot 5");
        _host.TriggerCommand.Should().Equal("toe", "run", "--documents", "doc.yaml");
        _host.TriggerDirectory.Should().Be(_h.Root);
        _store.Load().State!.Command.Should().Equal("toe", "run", "--documents", "doc.yaml");

        var second = await RunAsync(yaml, RebootMode.System);

        second.Result!.Summary.Status.Should().Be(Statuses.Success);
        _host.Calls.Should().Equal("register", "reboot 5", "remove");
        Runs("After").Should().Be(1);
    }

    [Test]
    public async Task A_reboot_asked_for_inside_a_loop_fails_the_step_clearly()
    {
        var yaml = Yaml("""
                  - name: Loop
                    action: ExecuteBash
                    loop:
                      forEach:
                        - a
                        - b
                    inputs:
                      commands:
                        - exit 194

            """);

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Loop").FailureMessage.Should().Be("loop iteration 0 (of 2, counting from 0) failed: ExecuteBash exited with code 194: the iteration asks for a reboot, and Toe does not resume inside a loop; move the step that reboots out of the loop");
    }

    [Test]
    public async Task A_reboot_asked_for_inside_a_nested_document_fails_the_calling_step()
    {
        File.WriteAllText(Path.Combine(_h.Root, "inner.yaml"), Yaml(Bash("Inner", "exit 194")));
        var yaml = Yaml(Step("Nested", "ExecuteDocument", "document: inner.yaml"));

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Failed);
        outcome.Result.Summary.FailureMessage.Should().Contain("ExecuteBash exited with code 194: the step asks for a reboot inside a nested document (ExecuteDocument), and Toe cannot resume a nested document");
        File.Exists(_store.FilePath).Should().BeFalse();
    }

    [Test]
    public async Task Two_reboots_in_two_phases_resume_at_the_right_step_each_time_and_count_every_step_once()
    {
        var yaml = $"""
            name: two
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
            {Counting("A")}{Counting("Kernel", $"if [ $(wc -l < '{Marker("Kernel")}') -lt 2 ]; then exit 194; fi")}{Counting("B")}  - name: test
                steps:
            {Step("Restart", "Reboot", "delaySeconds: 0")}{Counting("C")}
            """;

        var outcome = await RunAsync(yaml, RebootMode.Simulate);

        outcome.Result!.Summary.Status.Should().Be(Statuses.Success);
        outcome.Result.Summary.ExecutedStepCount.Should().Be(5);
        (Runs("A"), Runs("Kernel"), Runs("B"), Runs("C")).Should().Be((1, 2, 1, 1));
        var phases = _h.ReadDetailedOutput().Documents[0].Phases;
        phases.Select(p => (p.Name, p.Status)).Should().Equal(("build", Statuses.Success), ("test", Statuses.Success));
        phases[0].Steps.Select(s => s.Name).Should().Equal("A", "Kernel", "B");
        phases[1].Steps.Select(s => s.Name).Should().Equal("Restart", "C");
        _h.ReadDetailedOutput().Status.Should().Be(Statuses.Success);
    }
}

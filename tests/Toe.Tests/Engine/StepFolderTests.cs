using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

/// <summary>
/// Step folders are made one step ahead (StepFolders, docs/performance.md); the log folder must still hold a folder
/// for exactly the steps that ran, with what they wrote, as if nothing had been made ahead.
/// </summary>
[TestFixture]
public sealed class StepFolderTests : EngineTestBase
{
    private string[] StepFolders() =>
        [.. Directory.GetDirectories(Path.Combine(_h.Folder, "steps")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Test]
    public async Task Every_step_that_ran_has_its_folder_and_script()
    {
        var result = await _h.RunAsync(Yaml(Bash("One", "echo one") + Bash("Two", "echo two") + Bash("Three", "echo three")));

        result.Summary.Status.Should().Be(Statuses.Success);
        StepFolders().Should().Equal("1_build_One", "1_build_Three", "1_build_Two");
        File.ReadAllText(Path.Combine(_h.Folder, "steps", "1_build_Two", "input.sh")).Should().Be("echo two\n");
    }

    [Test]
    public async Task After_an_abort_the_step_made_ahead_leaves_nothing_behind()
    {
        var result = await _h.RunAsync(Yaml(Bash("Fails", "exit 3") + Bash("NeverRuns", "echo never")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        StepFolders().Should().Equal("1_build_Fails");
    }

    [Test]
    public async Task A_step_skipped_by_if_leaves_no_folder()
    {
        var skipped = """
                  - name: Skipped
                    action: ExecuteBash
                    if:
                      stringEquals: 'a'
                      value: 'b'
                    inputs:
                      commands:
                        - echo skipped

            """;
        var result = await _h.RunAsync(Yaml(Bash("First", "echo first") + skipped + Bash("Last", "echo last")));

        result.Summary.Status.Should().Be(Statuses.Success);
        result.Summary.SkippedStepCount.Should().Be(1);
        StepFolders().Should().Equal("1_build_First", "1_build_Last");
    }

    [Test]
    public async Task A_script_written_ahead_and_changed_since_is_written_again()
    {
        // The second step's script is written ahead while the first runs; the first then overwrites it (before or after
        // it was written ahead). The second step still runs its own commands.
        var result = await _h.RunAsync(Yaml(
            Bash("First", "echo 'echo tampered with' > \"$(dirname \"$(dirname \"$0\")\")/1_build_Second/input.sh\" || true") +
            Bash("Second", "echo second")));

        result.Summary.Status.Should().Be(Statuses.Success);
        result.DetailedOutput!.Documents[0].Phases[0].Steps[1].Outputs.Should().Contain("second").And.NotContain("tampered");
        File.ReadAllText(Path.Combine(_h.Folder, "steps", "1_build_Second", "input.sh")).Should().Be("echo second\n");
    }

    [Test]
    public async Task A_script_with_references_is_written_when_its_step_runs()
    {
        // Chaining: the script can only be known once the first step has run, so nothing is written ahead for it.
        var result = await _h.RunAsync(Yaml(Bash("First", "echo from-first") + Bash("Second", "echo got {{ build.First.outputs.stdout }}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        File.ReadAllText(Path.Combine(_h.Folder, "steps", "1_build_Second", "input.sh")).Should().Be("echo got from-first\n");
    }

    [Test]
    public async Task A_step_folder_that_cannot_be_made_fails_the_step_with_the_reason()
    {
        // The first step puts a file where the second step's folder goes (made ahead by then, or not): the second
        // step fails and says why.
        var result = await _h.RunAsync(Yaml(Bash("First", "second=\"$(dirname \"$(dirname \"$0\")\")/1_build_Second\"; rm -rf \"$second\"; touch \"$second\"") + Bash("Second", "echo second")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.DetailedOutput!.Documents[0].Phases[0].Steps[1].FailureMessage.Should().Contain("cannot create the step folder");
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

/// <summary>disableLogging at document, phase and step level: "suppresses logging output for that scope".</summary>
[TestFixture]
public sealed class DisableLoggingTests : EngineTestBase
{
    private const string Secret = "s3cr3t-value-1234";

    private string EverythingWritten()
    {
        var folder = _h.Folder;
        return string.Join("\n", Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("document.yaml", StringComparison.Ordinal))
            .Select(File.ReadAllText));
    }

    [Test]
    public async Task A_step_with_disableLogging_leaves_its_output_nowhere_but_chaining_still_works()
    {
        var yaml = Yaml(
            Bash("Secret", $"echo {Secret}; echo {Secret}-on-stderr >&2", "disableLogging: true") +
            Bash("UsesIt", $"[ \"{{{{ build.Secret.outputs.stdout }}}}\" = \"{Secret}\" ] && echo chained-ok") +
            Bash("Visible", "echo visible-output"));

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success, _h.ReadLog("console.log"));
        var secretStep = _h.Step("build", "Secret");
        secretStep.Inputs.Should().Be("[]");
        secretStep.Outputs.Should().Be("[]");
        _h.ReadLog("console.log").Should().Contain("chained-ok").And.Contain("visible-output").And.NotContain(Secret);
        _h.ReadLog("chaining.json").Should().NotContain(Secret);
        Directory.GetDirectories(Path.Combine(_h.Folder, "steps")).Should().NotContain(d => d.EndsWith("_Secret", StringComparison.Ordinal), "the script file holds the step's resolved commands");
    }

    [Test]
    public async Task A_failing_step_with_disableLogging_shows_no_stderr_in_messages()
    {
        var yaml = Yaml(Bash("Fails", $"echo {Secret} >&2; exit 4", "disableLogging: true"));

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.Summary.FailureMessage.Should().Contain("exit code 4").And.NotContain(Secret);
        EverythingWritten().Should().NotContain(Secret);
        _h.Observer.Finished.Single().StderrTail.Should().BeEmpty();
    }

    [TestCase("phase")]
    [TestCase("document")]
    public async Task DisableLogging_on_a_phase_or_document_covers_its_steps(string level)
    {
        var steps = Bash("One", $"echo {Secret}-1") + Bash("Two", $"echo {Secret}-2");
        var yaml = level == "document"
            ? Yaml(steps, "disableLogging: true")
            : Yaml(steps).Replace("  - name: build\n", "  - name: build\n    disableLogging: true\n", StringComparison.Ordinal);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        EverythingWritten().Should().NotContain(Secret);
        _h.Step("build", "Two").Outputs.Should().Be("[]");
    }
}

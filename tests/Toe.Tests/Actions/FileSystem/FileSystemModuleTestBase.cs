using FluentAssertions;
using NUnit.Framework;
using Toe.Logging;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

/// <summary>
/// Runs one module step through the real engine (in process) or the real binary (in a working directory,
/// optionally as the ordinary test user), against a fresh real folder <see cref="Work"/>.
/// </summary>
public abstract class FileSystemModuleTestBase : EngineTestBase
{
    /// <summary>The test's folder; every path of a documented example is rebased under it.</summary>
    protected string Work { get; private set; } = string.Empty;

    [SetUp]
    public void CreateWork()
    {
        Work = Path.Combine(_h.Root, "work");
        Directory.CreateDirectory(Work);
    }

    protected string At(params string[] parts) => Path.Combine([Work, .. parts]);

    /// <summary>Runs <paramref name="action"/> with <paramref name="inputs"/> (YAML as written under <c>inputs:</c>) and returns its step report.</summary>
    protected async Task<StepReport> RunStep(string action, string inputs)
    {
        await _h.RunAsync(EngineHarness.Yaml(EngineHarness.Step("S", action, inputs)));
        return _h.Step("build", "S");
    }

    protected async Task<StepReport> Succeeds(string action, string inputs)
    {
        var step = await RunStep(action, inputs);
        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        return step;
    }

    /// <summary>Runs the step, which must fail, and returns its failure message.</summary>
    protected async Task<string> Fails(string action, string inputs)
    {
        var step = await RunStep(action, inputs);
        step.Status.Should().Be(Statuses.Failed);
        return step.FailureMessage;
    }

    /// <summary>
    /// Runs a whole document (YAML) with the real binary in <paramref name="workingDirectory"/>, as root or as the
    /// ordinary test user, and returns the first step's report from detailedoutput.json.
    /// </summary>
    protected static StepReport RunBinary(string workingDirectory, string yaml, bool asTestUser = false)
    {
        var document = Path.Combine(workingDirectory, $"doc-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(document, yaml);
        var logs = Path.Combine(workingDirectory, $"logs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(logs);
        if (asTestUser)
        {
            Posix.Run("chown", "-R", $"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}", logs, document);
        }

        var result = asTestUser
            ? Posix.RunToeAsTestUser(workingDirectory, "run", "--documents", document, "-l", logs)
            : Support.ToeProcess.RunIn(workingDirectory, "run", "--documents", document, "-l", logs);
        var folder = Directory.GetDirectories(logs).Should().ContainSingle($"toe should leave one log folder; stderr: {result.Stderr}").Subject;
        var report = ReportJson.DeserializeDetailedOutput(File.ReadAllText(Path.Combine(folder, RunFolder.DetailedOutputFile)))!;
        Directory.Delete(logs, recursive: true);
        File.Delete(document);
        return report.Documents[0].Phases[0].Steps[0];
    }

    /// <summary>Nothing of Toe's temporary files is left in <paramref name="folder"/>.</summary>
    protected static void NoTemporaryFilesIn(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*.toe-*", SearchOption.AllDirectories).Should().BeEmpty("a failed or finished item leaves no temporary file");
}

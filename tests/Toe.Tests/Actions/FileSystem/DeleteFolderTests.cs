using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeleteFolderTests : FileSystemTestBase
{
    private string Folder => At("Sample", "MyFolder", "Sample");

    [Test]
    public async Task Documented_example_with_force_deletes_a_folder_that_is_not_empty()
    {
        Write("Sample/MyFolder/Sample/a.txt", "a");
        Write("Sample/MyFolder/Sample/sub/b.txt", "b");

        var step = await RunStep("DeleteFolder", $"- path: '{Folder}/'\n  force: true");

        ShouldHaveSucceeded(step);
        Directory.Exists(Folder).Should().BeFalse();
        Directory.Exists(At("Sample", "MyFolder")).Should().BeTrue();
    }

    [Test]
    public async Task Documented_example_without_force_deletes_an_empty_folder()
    {
        Directory.CreateDirectory(Folder);

        var step = await RunStep("DeleteFolder", $"- path: '{Folder}/'");

        ShouldHaveSucceeded(step);
        Directory.Exists(Folder).Should().BeFalse();
    }

    [Test]
    public async Task Without_force_a_folder_that_is_not_empty_is_an_error_and_stays_whole()
    {
        Write("Sample/MyFolder/Sample/.hidden", "h");

        var step = await RunStep("DeleteFolder", $"- path: '{Folder}/'");

        ShouldHaveFailed(step, $"DeleteFolder: '{Folder}/': the folder '{Folder}' is not empty (1 entry); set force: true to delete it with its contents");
        File.Exists(Path.Combine(Folder, ".hidden")).Should().BeTrue();
    }

    [Test]
    public async Task A_file_is_an_error_and_a_missing_folder_succeeds_with_a_note()
    {
        var file = Write("file.txt", "f");
        var missing = At("missing");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("File", "DeleteFolder", $"- path: '{file}'\n  force: true", "onFailure: Continue")
            + EngineHarness.Step("Missing", "DeleteFolder", $"- path: '{missing}'"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "File"), $"DeleteFolder: '{file}': '{file}' is a file, not a folder; use DeleteFile to delete files");
        ShouldHaveSucceeded(_h.Step("build", "Missing"));
        ConsoleLog.Should().Contain($"DeleteFolder: '{missing}' does not exist; nothing to delete\n");
        File.Exists(file).Should().BeTrue();
    }

    [Test]
    public async Task A_link_to_a_folder_is_removed_itself_and_force_never_follows_links_inside()
    {
        Write("outside/precious.txt", "keep");
        Write("doomed/own.txt", "goes");
        Directory.CreateSymbolicLink(At("doomed", "link-out"), At("outside"));
        Directory.CreateSymbolicLink(At("shortcut"), At("outside"));

        var step = await RunStep("DeleteFolder", $"- path: '{At("shortcut")}'\n- path: '{At("doomed")}'\n  force: true");

        ShouldHaveSucceeded(step);
        Directory.Exists(At("shortcut")).Should().BeFalse();
        Directory.Exists(At("doomed")).Should().BeFalse();
        File.ReadAllText(At("outside", "precious.txt")).Should().Be("keep");
    }

    [Test]
    public async Task The_root_folder_is_refused()
    {
        // force stays false: even if the guard were missing, a non-empty root would not be deleted.
        var step = await RunStep("DeleteFolder", $"- path: '{Dir}/../../../../../../../../..'");

        ShouldHaveFailed(step, $"DeleteFolder: '{Dir}/../../../../../../../../..': refusing to delete the root folder '/'");
    }

    [Test]
    public void A_relative_path_is_taken_from_the_working_directory()
    {
        Write("build/cache/x.bin", "x");

        var (result, step) = RunBinary(Dir, """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Clean
                    action: DeleteFolder
                    inputs:
                      - path: build/cache
                        force: true
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        Directory.Exists(At("build", "cache")).Should().BeFalse();
        Directory.Exists(At("build")).Should().BeTrue();
    }

    [Test]
    public void Without_permission_the_step_fails()
    {
        Directory.CreateDirectory(At("locked", "empty"));
        Unprivileged.OpenUp(At("locked"));

        var (result, step) = RunBinary(Dir, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Delete
                    action: DeleteFolder
                    inputs:
                      - path: '{At("locked", "empty")}'
            """, unprivileged: true);

        result.ExitCode.Should().Be(1);
        step["failureMessage"]!.GetValue<string>().Should().Be($"DeleteFolder: '{At("locked", "empty")}': Access to the path '{At("locked", "empty")}' is denied.");
        Directory.Exists(At("locked", "empty")).Should().BeTrue();
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeleteFileTests : FileSystemTestBase
{
    private string Folder => At("SampleFolder", "MyFolder");

    private void CreateSampleFolder()
    {
        Write("SampleFolder/MyFolder/Sample.txt", "s");
        Write("SampleFolder/MyFolder/app.log", "a");
        Write("SampleFolder/MyFolder/syslog", "b");
        Write("SampleFolder/MyFolder/.hidden.log", "h");
        Write("SampleFolder/MyFolder/notes.txt", "n");
        Write("SampleFolder/MyFolder/archive.log/inner.log", "a folder named like a log file");
    }

    [Test]
    public async Task Documented_example_deletes_a_single_file()
    {
        CreateSampleFolder();

        var step = await RunStep("DeleteFile", $"- path: '{Folder}/Sample.txt'");

        ShouldHaveSucceeded(step);
        File.Exists(At("SampleFolder", "MyFolder", "Sample.txt")).Should().BeFalse();
        File.Exists(At("SampleFolder", "MyFolder", "notes.txt")).Should().BeTrue();
    }

    [Test]
    public async Task Documented_example_deletes_the_files_that_end_with_log_but_no_folder_and_nothing_in_subfolders()
    {
        CreateSampleFolder();

        var step = await RunStep("DeleteFile", $"- path: '{Folder}/*log'");

        ShouldHaveSucceeded(step);
        Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Should().Equal("Sample.txt", "archive.log", "notes.txt");
        File.Exists(Path.Combine(Folder, "archive.log", "inner.log")).Should().BeTrue();
    }

    [Test]
    public async Task Documented_example_deletes_all_files_in_a_folder_and_keeps_its_subfolders()
    {
        CreateSampleFolder();

        var step = await RunStep("DeleteFile", $"- path: '{Folder}/*'");

        ShouldHaveSucceeded(step);
        Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName).Should().Equal("archive.log");
    }

    [Test]
    public async Task A_missing_file_or_a_pattern_that_matches_nothing_succeeds_and_says_so_in_console_log()
    {
        Directory.CreateDirectory(At("empty"));
        var missing = At("missing.txt");

        var step = await RunStep("DeleteFile", $"- path: '{missing}'\n- path: '{At("empty")}/*.log'\n- path: '{At("no-such-folder")}/*'");

        ShouldHaveSucceeded(step);
        ConsoleLog.Should().Be(
            $"DeleteFile: '{missing}' does not exist; nothing to delete\n" +
            $"DeleteFile: no file matches '{At("empty")}/*.log'; nothing to delete\n" +
            $"DeleteFile: no file matches '{At("no-such-folder")}/*'; nothing to delete\n");
    }

    [Test]
    public async Task A_folder_is_not_deleted_and_the_message_points_to_DeleteFolder()
    {
        Write("folder/keep.txt", "k");
        var folder = At("folder");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Folder", "DeleteFile", $"- path: '{folder}'", "onFailure: Continue")
            + EngineHarness.Step("Slash", "DeleteFile", $"- path: '{folder}/'", "onFailure: Continue")
            + EngineHarness.Step("StarInFolder", "DeleteFile", $"- path: '{Dir}/*/keep.txt'", "onFailure: Continue"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "Folder"), $"DeleteFile: '{folder}': '{folder}' is a folder, not a file; use DeleteFolder to delete folders");
        ShouldHaveFailed(_h.Step("build", "Slash"), $"DeleteFile: '{folder}/': '{folder}/' ends with a path separator, which names a folder; DeleteFile deletes files (use DeleteFolder for folders)");
        ShouldHaveFailed(_h.Step("build", "StarInFolder"), $"DeleteFile: '{Dir}/*/keep.txt': input 'path': a wildcard is accepted only after the last path separator ('{Dir}/*/keep.txt')");
        File.Exists(At("folder", "keep.txt")).Should().BeTrue();
    }

    [Test]
    public async Task A_link_is_deleted_itself_and_its_target_stays()
    {
        var target = Write("target.txt", "stays");
        Write("dir/inside.txt", "stays too");
        File.CreateSymbolicLink(At("file-link"), target);
        Directory.CreateSymbolicLink(At("folder-link"), At("dir"));
        Directory.CreateDirectory(At("links"));
        File.CreateSymbolicLink(At("links", "a.lnk"), target);

        var step = await RunStep("DeleteFile", $"- path: '{At("file-link")}'\n- path: '{At("folder-link")}'\n- path: '{At("links")}/*.lnk'", validate: true);

        ShouldHaveSucceeded(step);
        File.Exists(At("file-link")).Should().BeFalse();
        Directory.Exists(At("folder-link")).Should().BeFalse();
        File.Exists(At("links", "a.lnk")).Should().BeFalse();
        File.ReadAllText(target).Should().Be("stays");
        File.ReadAllText(At("dir", "inside.txt")).Should().Be("stays too");
    }

    [Test]
    public void A_relative_path_and_pattern_are_taken_from_the_working_directory()
    {
        Write("tmp/a.log", "a");
        Write("tmp/b.log", "b");
        Write("tmp/keep.txt", "k");
        Write("single.txt", "s");

        var (result, step) = RunBinary(Dir, """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Clean
                    action: DeleteFile
                    inputs:
                      - path: tmp/*.log
                      - path: ./single.txt
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        Directory.GetFileSystemEntries(At("tmp")).Select(Path.GetFileName).Should().Equal("keep.txt");
        File.Exists(At("single.txt")).Should().BeFalse();
    }

    [Test]
    public void Without_permission_to_delete_the_step_fails_and_the_file_stays()
    {
        var file = Write("locked/file.txt", "stays");
        Unprivileged.OpenUp(At("locked"));

        var (result, step) = RunBinary(Dir, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Delete
                    action: DeleteFile
                    inputs:
                      - path: '{file}'
            """, unprivileged: true);

        result.ExitCode.Should().Be(1);
        step["failureMessage"]!.GetValue<string>().Should().StartWith($"DeleteFile: '{file}': permission denied");
        File.Exists(file).Should().BeTrue();
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Validation;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ListFilesTests : FileSystemTestBase
{
    private void CreateSampleTree()
    {
        Write("Sample/MyFolder/b.txt", "b");
        Write("Sample/MyFolder/a.log", "a");
        Write("Sample/MyFolder/.hidden", "h");
        Write("Sample/MyFolder/Sub/c.log", "c");
        Write("Sample/MyFolder/Sub/Deeper/d.txt", "d");
        Write("Sample/MyFolder/Sub/Deeper/e.log", "e");
    }

    private string Folder => At("Sample", "MyFolder");

    [Test]
    public async Task Documented_example_lists_the_files_of_a_folder_as_full_sorted_comma_separated_paths()
    {
        CreateSampleTree();

        var step = await RunStep("ListFiles", $"- path: '{Folder}'");

        ShouldHaveSucceeded(step);
        Output(step, "files").Should().Be($"{Folder}/.hidden,{Folder}/a.log,{Folder}/b.txt", "files only (no folders), not in subfolders, hidden ones too");
    }

    [Test]
    public async Task Documented_example_lists_files_that_end_with_log()
    {
        CreateSampleTree();
        Directory.CreateDirectory(At("Sample", "MyFolder", "folder.log"));

        var step = await RunStep("ListFiles", $"- path: '{Folder}/'\n  fileNamePattern: '*log'");

        Output(step, "files").Should().Be($"{Folder}/a.log", "a folder whose name matches is not a file");
    }

    [Test]
    public void The_documented_unquoted_pattern_is_not_valid_YAML_and_the_message_says_to_quote_it()
    {
        // The AWS page writes `fileNamePattern: *log`, which YAML reads as an alias to an anchor named "log".
        var errors = Check.Errors(EngineHarness.Yaml(EngineHarness.Step("ListLogs", "ListFiles", "- path: /Sample/MyFolder/\n  fileNamePattern: *log")));

        errors.Should().ContainSingle().Which.Message.Should().Contain("must be quoted: '*log'");
    }

    [Test]
    public async Task Documented_example_lists_files_recursively()
    {
        CreateSampleTree();

        var step = await RunStep("ListFiles", $"- path: '{Folder}/'\n  recursive: true");

        Output(step, "files").Should().Be(string.Join(',',
            $"{Folder}/.hidden", $"{Folder}/Sub/Deeper/d.txt", $"{Folder}/Sub/Deeper/e.log", $"{Folder}/Sub/c.log", $"{Folder}/a.log", $"{Folder}/b.txt"),
            "one ordinal sort of the full paths");
    }

    [Test]
    public async Task Pattern_and_recursion_together_and_the_files_output_through_chaining()
    {
        CreateSampleTree();
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("ListLogs", "ListFiles", $"- path: '{Folder}'\n  fileNamePattern: '*.log'\n  recursive: true")
            + EngineHarness.Bash("CountThem", "echo '{{ build.ListLogs.outputs.files }}' | tr ',' '\\n' | wc -l"));

        await RunDocument(yaml);

        Output(_h.Step("build", "ListLogs"), "files").Should().Be($"{Folder}/Sub/Deeper/e.log,{Folder}/Sub/c.log,{Folder}/a.log");
        Output(_h.Step("build", "CountThem"), "stdout").Trim().Should().Be("3");
    }

    [Test]
    public async Task Several_items_are_joined_with_commas_in_item_order_and_an_empty_folder_adds_nothing()
    {
        Write("one/x.txt", "x");
        Write("two/a.txt", "a");
        Directory.CreateDirectory(At("empty"));

        var step = await RunStep("ListFiles", $"- path: '{At("two")}'\n- path: '{At("empty")}'\n- path: '{At("one")}'");

        Output(step, "files").Should().Be($"{At("two")}/a.txt,{At("one")}/x.txt");

        var empty = await RunStep("ListFiles", $"- path: '{At("empty")}'");
        ShouldHaveSucceeded(empty);
        Output(empty, "files").Should().BeEmpty();
    }

    [Test]
    public async Task Links_to_files_are_listed_and_links_to_folders_are_not_followed_even_in_a_cycle()
    {
        Write("tree/file.txt", "f");
        File.CreateSymbolicLink(At("tree", "file-link"), At("tree", "file.txt"));
        Directory.CreateSymbolicLink(At("tree", "loop"), At("tree"));

        var step = await RunStep("ListFiles", $"- path: '{At("tree")}'\n  recursive: true");

        ShouldHaveSucceeded(step);
        Output(step, "files").Should().Be($"{At("tree")}/file-link,{At("tree")}/file.txt");
    }

    [Test]
    public async Task A_missing_folder_a_file_and_bad_patterns_are_errors()
    {
        var file = Write("file.txt", "f");
        var missing = At("missing");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Missing", "ListFiles", $"- path: '{missing}'", "onFailure: Continue")
            + EngineHarness.Step("File", "ListFiles", $"- path: '{file}'", "onFailure: Continue")
            + EngineHarness.Step("Slash", "ListFiles", $"- path: '{Dir}'\n  fileNamePattern: 'sub/*.log'", "onFailure: Continue")
            + EngineHarness.Step("Empty", "ListFiles", $"- path: '{Dir}'\n  fileNamePattern: ''", "onFailure: Continue")
            + EngineHarness.Step("StarInPath", "ListFiles", $"- path: '{Dir}/*.log'", "onFailure: Continue"));

        await RunDocument(yaml, validate: false);

        ShouldHaveFailed(_h.Step("build", "Missing"), $"ListFiles: '{missing}': the folder '{missing}' does not exist");
        ShouldHaveFailed(_h.Step("build", "File"), $"ListFiles: '{file}': '{file}' is a file, not a folder");
        ShouldHaveFailed(_h.Step("build", "Slash"), $"ListFiles: '{Dir}': input 'fileNamePattern' ('sub/*.log') must be a file name pattern without a path separator; put the folder in 'path'");
        ShouldHaveFailed(_h.Step("build", "Empty"), $"ListFiles: '{Dir}': input 'fileNamePattern' is empty; leave it out to list every file");
        ShouldHaveFailed(_h.Step("build", "StarInPath"), $"ListFiles: '{Dir}/*.log': input 'path' ('{Dir}/*.log') must name a folder; put the wildcard in 'fileNamePattern'");
    }

    [Test]
    public void A_relative_folder_is_listed_from_the_working_directory_with_full_paths()
    {
        Write("logs/app.log", "a");

        var (result, step) = RunBinary(Dir, """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: List
                    action: ListFiles
                    inputs:
                      - path: logs/../logs
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        step["outputs"]!.GetValue<string>().Should().Be($$"""[{"files":"{{Dir}}/logs/app.log"}]""");
    }

    [Test]
    public void An_unreadable_subfolder_fails_the_listing_instead_of_shortening_it()
    {
        Write("tree/visible.txt", "v");
        Write("tree/private/secret.txt", "s");
        File.SetUnixFileMode(At("tree", "private"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Unprivileged.OpenUp(At("tree"));

        var (result, step) = RunBinary(Dir, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: List
                    action: ListFiles
                    inputs:
                      - path: '{At("tree")}'
                        recursive: true
            """, unprivileged: true);

        result.ExitCode.Should().Be(1);
        step["failureMessage"]!.GetValue<string>().Should().StartWith($"ListFiles: '{At("tree")}': permission denied").And.Contain(At("tree", "private"));
    }
}

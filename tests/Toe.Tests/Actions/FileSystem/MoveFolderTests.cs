using System.Runtime.Versioning;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[UnsupportedOSPlatform("windows")]
public sealed class MoveFolderTests : TransferTestBase
{
    private string Tree(string examplePath)
    {
        Write(examplePath + "/a.txt", "a");
        Write(examplePath + "/sub/b.txt", "b");
        Directory.CreateDirectory(P(examplePath + "/empty"));
        return P(examplePath);
    }

    private static readonly SortedDictionary<string, string> TreeContent = new(StringComparer.Ordinal)
    {
        ["a.txt"] = "a",
        ["empty"] = "dir",
        ["sub"] = "dir",
        ["sub/b.txt"] = "b",
    };

    // ---- The page's Linux examples ----

    [Test]
    public async Task Example_move_a_folder_the_destination_is_the_moved_folder()
    {
        var source = Tree("/Sample/MyFolder/SourceFolder");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(TreeContent);
        Directory.Exists(source).Should().BeFalse();
    }

    [Test]
    public async Task Example_move_a_folder_using_the_source_folder_name()
    {
        var source = Tree("/Sample/MyFolder/SampleFolder");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/SampleFolder")).Should().Equal(TreeContent);
        Directory.Exists(source).Should().BeFalse();
    }

    [Test]
    public async Task Example_move_folders_using_a_wildcard_moves_every_matching_folder_and_no_file()
    {
        Tree("/Sample/MyFolder/Sample1");
        Tree("/Sample/MyFolder/Sample2");
        Write("/Sample/MyFolder/SampleFile.txt", "file");

        var step = await Run("MoveFolder", $"- source: {P("/Sample/MyFolder/Sample*")}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/Sample1")).Should().Equal(TreeContent);
        Snapshot(P("/MyFolder/Sample2")).Should().Equal(TreeContent);
        Directory.EnumerateFileSystemEntries(P("/Sample/MyFolder")).Select(Path.GetFileName).Should().Equal("SampleFile.txt");
    }

    [Test]
    public async Task Example_move_without_overwriting_fails_when_the_destination_folder_exists()
    {
        var source = Tree("/Sample/MyFolder/SampleFolder");
        Write("/MyFolder/destinationFolder/keep.txt", "keep");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}\n  overwrite: false");

        ShouldFail(step, "MoveFolder", "already exists and overwrite is false");
        Snapshot(source).Should().Equal(TreeContent);
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(new SortedDictionary<string, string> { ["keep.txt"] = "keep" });
    }

    [Test]
    public async Task Example_move_without_overwriting_moves_when_the_destination_does_not_exist()
    {
        var source = Tree("/Sample/MyFolder/SampleFolder");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}\n  overwrite: false");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(TreeContent);
        Directory.Exists(source).Should().BeFalse();
    }

    // ---- overwrite: merge ----

    [Test]
    public async Task Overwrite_merges_into_an_existing_folder_and_removes_the_source()
    {
        var source = Tree("/src/F");
        Write("/dst/a.txt", "old a");
        Write("/dst/sub/own.txt", "own");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/dst")}");

        ShouldSucceed(step);
        var expected = new SortedDictionary<string, string>(TreeContent, StringComparer.Ordinal) { ["sub/own.txt"] = "own" };
        Snapshot(P("/dst")).Should().Equal(expected);
        Directory.Exists(source).Should().BeFalse();
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task A_merge_clash_is_refused_before_anything_moves()
    {
        var source = Tree("/src/F");
        Write("/dst/F/sub", "a file where the source has a folder");
        Write("/dst/F/a.txt", "old");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldFail(step, "cannot merge", P("/dst/F/sub"));
        Snapshot(source).Should().Equal(TreeContent);
        Read(P("/dst/F/a.txt")).Should().Be("old");
    }

    [Test]
    public async Task Moving_a_folder_into_its_own_parent_without_separator_flattens_it()
    {
        Write("/p/keep.txt", "keep");
        Write("/p/child/x.txt", "x");
        Write("/p/child/child/y.txt", "y");

        var step = await Run("MoveFolder", $"- source: {P("/p/child")}\n  destination: {P("/p")}");

        ShouldSucceed(step);
        Snapshot(P("/p")).Should().Equal(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["child"] = "dir",
            ["child/y.txt"] = "y",
            ["keep.txt"] = "keep",
            ["x.txt"] = "x",
        });
    }

    // ---- Errors and bad input ----

    [Test]
    public async Task A_missing_source_fails_naming_it()
    {
        var step = await Run("MoveFolder", $"- source: {P("/nope")}\n  destination: {P("/dst/")}");

        ShouldFail(step, $"the source folder '{P("/nope")}' does not exist");
    }

    [Test]
    public async Task No_permission_in_the_destination_fails_and_keeps_the_source()
    {
        var source = Tree("/src/F");
        Directory.CreateDirectory(P("/locked"));
        var unlock = Lock(P("/locked"));
        try
        {
            var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/locked/")}");

            ShouldFail(step, "permission denied");
            Snapshot(source).Should().Equal(TreeContent);
        }
        finally
        {
            unlock();
        }
    }

    [TestCase("/src/F/inner/")]
    [TestCase("/src/F/sub")]
    public async Task A_folder_moved_into_itself_is_refused(string destination)
    {
        var source = Tree("/src/F");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P(destination)}");

        ShouldFail(step, "into itself");
        Snapshot(source).Should().Equal(TreeContent);
    }

    [Test]
    public async Task A_folder_moved_onto_itself_is_refused()
    {
        var source = Tree("/src/F");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {P("/src/")}");

        ShouldFail(step, "same folder");
        Snapshot(source).Should().Equal(TreeContent);
    }

    [Test]
    public async Task A_wildcard_needs_a_destination_ending_with_a_separator_and_a_match()
    {
        Tree("/src/Sample1");

        ShouldFail(await Run("MoveFolder", $"- source: {P("/src/Sample*")}\n  destination: {P("/dst")}"), "'destination' must end with '/'");
        ShouldFail(await Run("MoveFolder", $"- source: {P("/src/Other*")}\n  destination: {P("/dst/")}"), "no folder matches 'Other*'");
        Snapshot(P("/src/Sample1")).Should().Equal(TreeContent);
    }

    [Test]
    public async Task A_link_to_a_folder_is_not_moved_by_MoveFolder()
    {
        Tree("/src/F");
        Directory.CreateSymbolicLink(P("/alias"), P("/src/F"));

        var step = await Run("MoveFolder", $"- source: {P("/alias")}\n  destination: {P("/dst/")}");

        ShouldFail(step, "symbolic link", "MoveFile");
        Directory.Exists(P("/dst")).Should().BeFalse();
    }

    // ---- Another file system ----

    [Test]
    public async Task A_move_to_another_file_system_copies_whole_then_removes_the_source_without_following_links()
    {
        var source = Tree("/src/F");
        Write("/outside/keep.txt", "outside");
        Directory.CreateSymbolicLink(P("/src/F/out"), P("/outside"));
        var other = OtherFileSystemFolder();

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {other}/moved");

        ShouldSucceed(step);
        Directory.Exists(source).Should().BeFalse();
        new DirectoryInfo(Path.Combine(other, "moved", "out")).LinkTarget.Should().Be(P("/outside"));
        File.ReadAllText(Path.Combine(other, "moved", "sub", "b.txt")).Should().Be("b");
        Read(P("/outside/keep.txt")).Should().Be("outside");
        Leftovers(other).Should().BeEmpty();
    }

    [Test]
    public async Task A_merge_across_file_systems_keeps_the_other_entries()
    {
        var source = Tree("/src/F");
        var other = OtherFileSystemFolder();
        Directory.CreateDirectory(Path.Combine(other, "F"));
        File.WriteAllText(Path.Combine(other, "F", "own.txt"), "own");

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {other}/");

        ShouldSucceed(step);
        Directory.Exists(source).Should().BeFalse();
        File.ReadAllText(Path.Combine(other, "F", "own.txt")).Should().Be("own");
        File.ReadAllText(Path.Combine(other, "F", "sub", "b.txt")).Should().Be("b");
        Leftovers(other).Should().BeEmpty();
    }

    [Test]
    public async Task A_move_across_file_systems_that_cannot_copy_a_file_leaves_the_source_and_no_copy()
    {
        var source = Tree("/src/F");
        using var socket = BindSocket(P("/src/F/sub/zz.sock"));
        var other = OtherFileSystemFolder();

        var step = await Run("MoveFolder", $"- source: {source}\n  destination: {other}/moved");

        ShouldFail(step, "socket");
        Directory.Exists(Path.Combine(other, "moved")).Should().BeFalse();
        Read(P("/src/F/sub/b.txt")).Should().Be("b");
        Leftovers(other).Should().BeEmpty();
    }

    [Test]
    public void Relative_paths_are_relative_to_the_working_directory()
    {
        using var temp = new TempFolder();
        temp.Write("work/Sample/SampleFolder/x.txt", "relative");
        var document = temp.Write("doc.yml", """
            name: relative
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Move
                    action: MoveFolder
                    inputs:
                      - source: Sample/SampleFolder
                        destination: ../moved
            """);

        var result = ToeProcess.RunIn(temp.Combine("work"), "run", "--documents", document, "-l", temp.Combine("logs"));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllText(temp.Combine("moved", "x.txt")).Should().Be("relative");
        Directory.Exists(temp.Combine("work", "Sample", "SampleFolder")).Should().BeFalse();
    }
}

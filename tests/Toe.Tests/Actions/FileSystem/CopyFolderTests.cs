using System.Runtime.Versioning;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[UnsupportedOSPlatform("windows")]
public sealed class CopyFolderTests : TransferTestBase
{
    private string Tree(string examplePath)
    {
        Write(examplePath + "/a.txt", "a");
        Write(examplePath + "/sub/b.txt", "b");
        Write(examplePath + "/.hidden", "h");
        Directory.CreateDirectory(P(examplePath + "/empty"));
        return P(examplePath);
    }

    private static readonly SortedDictionary<string, string> TreeContent = new(StringComparer.Ordinal)
    {
        [".hidden"] = "h",
        ["a.txt"] = "a",
        ["empty"] = "dir",
        ["sub"] = "dir",
        ["sub/b.txt"] = "b",
    };

    // ---- The page's Linux examples ----

    [Test]
    public async Task Example_copy_a_folder_the_destination_is_the_copy()
    {
        var source = Tree("/Sample/MyFolder/SampleFolder");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(TreeContent);
        Snapshot(source).Should().Equal(TreeContent);
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task Example_copy_a_folder_using_the_source_folder_name()
    {
        var source = Tree("/Sample/MyFolder/SourceFolder");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/SourceFolder")).Should().Equal(TreeContent);
        Directory.EnumerateFileSystemEntries(P("/MyFolder")).Should().ContainSingle();
    }

    [Test]
    public async Task Example_copy_folders_using_the_wildcard_copies_every_matching_folder_and_no_file()
    {
        Tree("/Sample/MyFolder/Sample1");
        Write("/Sample/MyFolder/Sample2/x.txt", "x");
        Write("/Sample/MyFolder/SampleFile.txt", "not a folder");
        Tree("/Sample/MyFolder/Other");

        var step = await Run("CopyFolder", $"- source: {P("/Sample/MyFolder/Sample*")}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Directory.EnumerateFileSystemEntries(P("/MyFolder")).Select(Path.GetFileName).Should().BeEquivalentTo("Sample1", "Sample2");
        Snapshot(P("/MyFolder/Sample1")).Should().Equal(TreeContent);
        Read(P("/MyFolder/Sample2/x.txt")).Should().Be("x");
    }

    [Test]
    public async Task Example_copy_without_overwriting_fails_when_the_destination_folder_exists()
    {
        var source = Tree("/Sample/MyFolder/SourceFolder");
        Write("/MyFolder/destinationFolder/keep.txt", "keep");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}\n  overwrite: false");

        ShouldFail(step, "CopyFolder", $"the folder '{P("/MyFolder/destinationFolder")}' already exists and overwrite is false");
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(new SortedDictionary<string, string> { ["keep.txt"] = "keep" });
    }

    [Test]
    public async Task Example_copy_without_overwriting_copies_when_the_destination_does_not_exist()
    {
        var source = Tree("/Sample/MyFolder/SourceFolder");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/MyFolder/destinationFolder")}\n  overwrite: false");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder/destinationFolder")).Should().Equal(TreeContent);
    }

    // ---- The page's two readings of "destination" ----

    [Test]
    public async Task Without_trailing_separator_an_existing_destination_receives_the_contents_not_a_nested_copy()
    {
        var source = Tree("/src/SampleFolder");
        Write("/dst/own.txt", "own");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst")}");

        ShouldSucceed(step);
        Directory.Exists(P("/dst/SampleFolder")).Should().BeFalse("no trailing '/' means the destination IS the copy");
        var expected = new SortedDictionary<string, string>(TreeContent, StringComparer.Ordinal) { ["own.txt"] = "own" };
        Snapshot(P("/dst")).Should().Equal(expected);
    }

    [Test]
    public async Task With_trailing_separator_the_source_goes_inside_under_its_own_name()
    {
        var source = Tree("/src/SampleFolder");
        Write("/dst/own.txt", "own");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldSucceed(step);
        Snapshot(P("/dst/SampleFolder")).Should().Equal(TreeContent);
        Read(P("/dst/own.txt")).Should().Be("own");
    }

    // ---- overwrite on folders: merge ----

    [Test]
    public async Task Overwrite_merges_replacing_same_named_files_and_keeping_the_others()
    {
        var source = Tree("/src/F");
        Write("/dst/F/a.txt", "old a");
        Write("/dst/F/sub/own.txt", "own");
        Write("/dst/F/top.txt", "top");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldSucceed(step);
        var expected = new SortedDictionary<string, string>(TreeContent, StringComparer.Ordinal) { ["sub/own.txt"] = "own", ["top.txt"] = "top" };
        Snapshot(P("/dst/F")).Should().Equal(expected);
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task A_merge_with_a_file_where_the_destination_has_a_folder_is_refused_before_anything_is_copied()
    {
        var source = Tree("/src/F");
        Write("/src/F/z/clash", "file in the source");
        Write("/dst/F/a.txt", "old a");
        Write("/dst/F/z/clash/inner.txt", "folder in the destination");
        var before = Snapshot(P("/dst"));

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldFail(step, "cannot merge", P("/dst/F/z/clash"), "is a folder", "nothing was changed");
        Snapshot(P("/dst")).Should().Equal(before);
    }

    [Test]
    public async Task A_merge_never_writes_through_a_link_in_the_destination()
    {
        var source = Tree("/src/F");
        Write("/outside/b.txt", "outside");
        Directory.CreateDirectory(P("/dst/F"));
        File.CreateSymbolicLink(P("/dst/F/a.txt"), P("/outside/b.txt"));
        Directory.CreateSymbolicLink(P("/dst/F/sub"), P("/outside"));

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldFail(step, "cannot merge", P("/dst/F/sub"), "symbolic link");
        Read(P("/outside/b.txt")).Should().Be("outside");
        new FileInfo(P("/dst/F/a.txt")).LinkTarget.Should().Be(P("/outside/b.txt"));
    }

    [Test]
    public async Task A_file_at_the_destination_is_never_replaced_by_a_folder()
    {
        var source = Tree("/src/F");
        Write("/dst/F", "a file");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldFail(step, $"'{P("/dst/F")}' is a file");
        Read(P("/dst/F")).Should().Be("a file");
    }

    // ---- Documented errors ----

    [Test]
    public async Task A_missing_source_fails_naming_it()
    {
        var step = await Run("CopyFolder", $"- source: {P("/nope")}\n  destination: {P("/dst/")}");

        ShouldFail(step, $"the source folder '{P("/nope")}' does not exist");
        Directory.Exists(P("/dst")).Should().BeFalse();
    }

    [Test]
    public async Task A_source_that_is_a_file_points_to_CopyFile()
    {
        var file = Write("/src/file.txt", "x");

        var step = await Run("CopyFolder", $"- source: {file}\n  destination: {P("/dst/")}");

        ShouldFail(step, "is a file; use CopyFile");
    }

    [Test]
    public async Task No_permission_to_create_the_folder_fails_and_leaves_nothing()
    {
        var source = Tree("/src/F");
        Directory.CreateDirectory(P("/locked"));
        var unlock = Lock(P("/locked"));
        try
        {
            var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/locked/")}");

            ShouldFail(step, "permission denied", P("/locked"));
            Directory.EnumerateFileSystemEntries(P("/locked")).Should().BeEmpty();
        }
        finally
        {
            unlock();
        }
    }

    // ---- Bad input ----

    [TestCase("/src/F", "/src/F/inner/")]
    [TestCase("/src/F", "/src/F/inner")]
    [TestCase("/src/F/", "/src/F/sub/deeper/")]
    public async Task A_folder_copied_into_itself_is_refused_before_copying_anything(string source, string destination)
    {
        Tree("/src/F");
        var before = Snapshot(P("/src"));

        var step = await Run("CopyFolder", $"- source: {P(source)}\n  destination: {P(destination)}");

        ShouldFail(step, "into itself", "choose a destination outside the source folder");
        Snapshot(P("/src")).Should().Equal(before);
    }

    [Test]
    public async Task A_folder_copied_into_itself_through_a_link_is_refused()
    {
        Tree("/src/F");
        Directory.CreateSymbolicLink(P("/alias"), P("/src/F/sub"));

        var step = await Run("CopyFolder", $"- source: {P("/src/F")}\n  destination: {P("/alias/")}");

        ShouldFail(step, "into itself");
        Directory.Exists(P("/src/F/sub/F")).Should().BeFalse();
    }

    [Test]
    public async Task A_folder_copied_onto_itself_is_refused()
    {
        var source = Tree("/src/F");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/src/")}");

        ShouldFail(step, "same folder");
        Snapshot(source).Should().Equal(TreeContent);
    }

    [Test]
    public async Task A_wildcard_needs_a_destination_ending_with_a_separator_and_a_match()
    {
        Tree("/src/Sample1");

        var noSeparator = await Run("CopyFolder", $"- source: {P("/src/Sample*")}\n  destination: {P("/dst")}");
        ShouldFail(noSeparator, "'destination' must end with '/'");

        var noMatch = await Run("CopyFolder", $"- source: {P("/src/Other*")}\n  destination: {P("/dst/")}");
        ShouldFail(noMatch, "no folder matches 'Other*'");
        Directory.Exists(P("/dst")).Should().BeFalse();
    }

    [Test]
    public async Task A_wildcard_item_with_one_bad_match_copies_none_of_them()
    {
        Tree("/src/Sample1");
        Tree("/src/Sample2");
        Write("/dst/Sample2/keep.txt", "keep");

        var step = await Run("CopyFolder", $"- source: {P("/src/Sample*")}\n  destination: {P("/dst/")}\n  overwrite: false");

        ShouldFail(step, P("/dst/Sample2"), "already exists");
        Directory.Exists(P("/dst/Sample1")).Should().BeFalse();
    }

    [Test]
    public async Task A_file_that_cannot_be_copied_mid_tree_leaves_no_half_copied_folder()
    {
        var source = Tree("/src/F");
        using var socket = BindSocket(P("/src/F/sub/zz.sock"));

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/copy")}");

        ShouldFail(step, P("/src/F/sub/zz.sock"), "socket", "nothing was copied");
        Directory.Exists(P("/dst/copy")).Should().BeFalse();
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task A_named_pipe_is_refused_instead_of_blocking()
    {
        var source = Tree("/src/F");
        Exec("mkfifo", P("/src/F/pipe")).Should().Be(0);

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldFail(step, "named pipe");
        Directory.Exists(P("/dst/F")).Should().BeFalse();
    }

    // ---- Links, permissions, times ----

    [Test]
    public async Task Links_inside_the_tree_are_copied_as_links_and_nothing_outside_is_copied()
    {
        var source = Tree("/src/F");
        Write("/outside/secret/s.txt", "outside");
        Directory.CreateSymbolicLink(P("/src/F/out"), P("/outside/secret"));
        File.CreateSymbolicLink(P("/src/F/rel"), "sub/b.txt");

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldSucceed(step);
        new DirectoryInfo(P("/dst/F/out")).LinkTarget.Should().Be(P("/outside/secret"));
        new FileInfo(P("/dst/F/rel")).LinkTarget.Should().Be("sub/b.txt");
        Read(P("/dst/F/rel")).Should().Be("b");
        Directory.EnumerateFileSystemEntries(P("/dst"), "*", SearchOption.AllDirectories)
            .Should().NotContain(path => path.EndsWith("s.txt", StringComparison.Ordinal) && new FileInfo(path).LinkTarget == null && !path.Contains("/out/", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_linked_source_folder_copies_the_folder_it_points_to()
    {
        Tree("/src/F");
        Directory.CreateSymbolicLink(P("/alias"), P("/src/F"));

        var step = await Run("CopyFolder", $"- source: {P("/alias")}\n  destination: {P("/dst/copy")}");

        ShouldSucceed(step);
        new DirectoryInfo(P("/dst/copy")).LinkTarget.Should().BeNull();
        Snapshot(P("/dst/copy")).Should().Equal(TreeContent);
    }

    [Test]
    public async Task Permission_bits_and_modification_times_are_kept()
    {
        var source = Tree("/src/F");
        var fileTime = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        var folderTime = new DateTime(2002, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetUnixFileMode(P("/src/F/a.txt"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.SetLastWriteTimeUtc(P("/src/F/a.txt"), fileTime);
        File.SetUnixFileMode(P("/src/F/sub"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Directory.SetLastWriteTimeUtc(P("/src/F/sub"), folderTime);

        var step = await Run("CopyFolder", $"- source: {source}\n  destination: {P("/dst/")}");

        ShouldSucceed(step);
        File.GetUnixFileMode(P("/dst/F/a.txt")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.GetLastWriteTimeUtc(P("/dst/F/a.txt")).Should().Be(fileTime);
        File.GetUnixFileMode(P("/dst/F/sub")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Directory.GetLastWriteTimeUtc(P("/dst/F/sub")).Should().Be(folderTime);
    }

    [Test]
    public async Task Many_files_are_all_copied()
    {
        for (var d = 0; d < 10; d++)
        {
            for (var f = 0; f < 100; f++)
            {
                Write($"/src/F/d{d}/f{f}.txt", $"{d}-{f}");
            }
        }

        var step = await Run("CopyFolder", $"- source: {P("/src/F")}\n  destination: {P("/dst/copy")}");

        ShouldSucceed(step);
        Snapshot(P("/dst/copy")).Should().Equal(Snapshot(P("/src/F")));
        Snapshot(P("/dst/copy")).Should().HaveCount(1010);
    }

    // ---- Relative paths, through the real binary ----

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
                  - name: Copy
                    action: CopyFolder
                    inputs:
                      - source: Sample/SampleFolder
                        destination: out/
                      - source: ./Sample/../Sample/SampleFolder
                        destination: ../beside
            """);

        var result = ToeProcess.RunIn(temp.Combine("work"), "run", "--documents", document, "-l", temp.Combine("logs"));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllText(temp.Combine("work", "out", "SampleFolder", "x.txt")).Should().Be("relative");
        File.ReadAllText(temp.Combine("beside", "x.txt")).Should().Be("relative");
    }
}

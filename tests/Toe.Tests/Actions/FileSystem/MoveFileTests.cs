using System.Runtime.Versioning;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[UnsupportedOSPlatform("windows")]
public sealed class MoveFileTests : TransferTestBase
{
    // ---- The page's Linux examples ----

    [Test]
    public async Task Example_move_a_file_creates_the_destination_folders()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "sample");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {P("/MyFolder/destinationFile.txt")}");

        ShouldSucceed(step);
        Read(P("/MyFolder/destinationFile.txt")).Should().Be("sample");
        File.Exists(source).Should().BeFalse();
    }

    [Test]
    public async Task Example_move_a_file_using_the_source_file_name()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "sample");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Read(P("/MyFolder/Sample.txt")).Should().Be("sample");
        File.Exists(source).Should().BeFalse();
    }

    [Test]
    public async Task Example_move_files_using_a_wildcard_moves_every_matching_file_and_no_folder()
    {
        Write("/Sample/MyFolder/Sample1.txt", "one");
        Write("/Sample/MyFolder/Sample2.log", "two");
        Write("/Sample/MyFolder/Other.txt", "other");
        Write("/Sample/MyFolder/SampleDir/inner.txt", "inner");

        var step = await Run("MoveFile", $"- source: {P("/Sample/MyFolder/Sample*")}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder")).Should().Equal(new SortedDictionary<string, string> { ["Sample1.txt"] = "one", ["Sample2.log"] = "two" });
        Snapshot(P("/Sample/MyFolder")).Keys.Should().BeEquivalentTo("Other.txt", "SampleDir", "SampleDir/inner.txt");
    }

    [Test]
    public async Task Example_move_without_overwriting_fails_on_an_existing_file_and_keeps_both()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "new");
        var existing = Write("/MyFolder/destinationFile.txt", "old");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {existing}\n  overwrite: false");

        ShouldFail(step, "MoveFile", existing, "already exists and overwrite is false");
        Read(existing).Should().Be("old");
        Read(source).Should().Be("new");
    }

    [Test]
    public async Task Example_move_without_overwriting_moves_when_nothing_is_there()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "new");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {P("/MyFolder/destinationFile.txt")}\n  overwrite: false");

        ShouldSucceed(step);
        Read(P("/MyFolder/destinationFile.txt")).Should().Be("new");
        File.Exists(source).Should().BeFalse();
    }

    // ---- Defaults and errors ----

    [Test]
    public async Task Overwrite_defaults_to_true_and_replaces_an_existing_file()
    {
        var source = Write("/a/src.txt", "new");
        var existing = Write("/b/dst.txt", "old");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {existing}");

        ShouldSucceed(step);
        Read(existing).Should().Be("new");
        File.Exists(source).Should().BeFalse();
    }

    [Test]
    public async Task A_missing_source_fails_naming_it()
    {
        var step = await Run("MoveFile", $"- source: {P("/nope.txt")}\n  destination: {P("/out/")}");

        ShouldFail(step, $"the source file '{P("/nope.txt")}' does not exist");
    }

    [TestCase("false")]
    [TestCase("true")]
    public async Task A_folder_with_the_file_name_fails_whatever_overwrite_says(string overwrite)
    {
        var source = Write("/a/name", "x");
        Write("/b/name/keep.txt", "keep");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {P("/b/")}\n  overwrite: {overwrite}");

        ShouldFail(step, $"a folder is at '{P("/b/name")}'");
        Read(source).Should().Be("x");
    }

    [Test]
    public async Task No_permission_in_the_destination_fails_and_keeps_the_source()
    {
        var source = Write("/a/src.txt", "x");
        Directory.CreateDirectory(P("/locked"));
        var unlock = Lock(P("/locked"));
        try
        {
            var step = await Run("MoveFile", $"- source: {source}\n  destination: {P("/locked/")}");

            ShouldFail(step, "permission denied", P("/locked"));
            Read(source).Should().Be("x");
        }
        finally
        {
            unlock();
        }
    }

    [Test]
    public async Task A_source_that_is_a_folder_points_to_MoveFolder()
    {
        Write("/a/dir/x.txt", "x");

        var step = await Run("MoveFile", $"- source: {P("/a/dir")}\n  destination: {P("/b/")}");

        ShouldFail(step, "is a folder; use MoveFolder");
        Directory.Exists(P("/a/dir")).Should().BeTrue();
    }

    [Test]
    public async Task Moving_a_file_onto_itself_fails_and_keeps_it()
    {
        var source = Write("/a/src.txt", "precious");

        var step = await Run("MoveFile", $"- source: {P("/a/../a/src.txt")}\n  destination: {P("/a/")}");

        ShouldFail(step, "same file", source);
        Read(source).Should().Be("precious");
    }

    [Test]
    public async Task A_wildcard_needs_a_destination_ending_with_a_separator_and_a_match()
    {
        var source = Write("/a/Sample1.txt", "1");

        var noSeparator = await Run("MoveFile", $"- source: {P("/a/Sample*")}\n  destination: {P("/b")}");
        ShouldFail(noSeparator, "'destination' must end with '/'");

        var noMatch = await Run("MoveFile", $"- source: {P("/a/Other*")}\n  destination: {P("/b/")}");
        ShouldFail(noMatch, "no file matches 'Other*'");
        Read(source).Should().Be("1");
    }

    [Test]
    public async Task A_wildcard_item_with_one_existing_target_moves_none_of_them()
    {
        Write("/a/Sample1.txt", "1");
        Write("/a/Sample2.txt", "2");
        Write("/b/Sample2.txt", "old");

        var step = await Run("MoveFile", $"- source: {P("/a/Sample*")}\n  destination: {P("/b/")}\n  overwrite: false");

        ShouldFail(step, P("/b/Sample2.txt"), "already exists");
        File.Exists(P("/a/Sample1.txt")).Should().BeTrue();
        File.Exists(P("/b/Sample1.txt")).Should().BeFalse();
    }

    // ---- Links and file systems ----

    [Test]
    public async Task A_link_is_moved_as_a_link_like_mv()
    {
        var real = Write("/a/real.txt", "content");
        File.CreateSymbolicLink(P("/a/link.txt"), real);

        var step = await Run("MoveFile", $"- source: {P("/a/link.txt")}\n  destination: {P("/b/")}");

        ShouldSucceed(step);
        new FileInfo(P("/b/link.txt")).LinkTarget.Should().Be(real);
        File.Exists(P("/a/link.txt")).Should().BeFalse();
        Read(real).Should().Be("content");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_move_to_another_file_system_copies_whole_then_removes_the_source(bool overwrite)
    {
        var source = Write("/a/src.txt", "across");
        File.SetLastWriteTimeUtc(source, new DateTime(2003, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var other = OtherFileSystemFolder();

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {other}/sub/\n  overwrite: {(overwrite ? "true" : "false")}");

        ShouldSucceed(step);
        File.ReadAllText(Path.Combine(other, "sub", "src.txt")).Should().Be("across");
        File.GetLastWriteTimeUtc(Path.Combine(other, "sub", "src.txt")).Should().Be(new DateTime(2003, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.Exists(source).Should().BeFalse();
        Leftovers(other).Should().BeEmpty();
    }

    [Test]
    public async Task A_move_to_another_file_system_without_overwrite_keeps_an_existing_file()
    {
        var source = Write("/a/src.txt", "new");
        var other = OtherFileSystemFolder();
        File.WriteAllText(Path.Combine(other, "src.txt"), "old");

        var step = await Run("MoveFile", $"- source: {source}\n  destination: {other}/\n  overwrite: false");

        ShouldFail(step, "already exists");
        File.ReadAllText(Path.Combine(other, "src.txt")).Should().Be("old");
        Read(source).Should().Be("new");
    }

    [Test]
    public async Task A_link_moved_to_another_file_system_stays_a_link()
    {
        var real = Write("/a/real.txt", "content");
        File.CreateSymbolicLink(P("/a/link.txt"), real);
        var other = OtherFileSystemFolder();

        var step = await Run("MoveFile", $"- source: {P("/a/link.txt")}\n  destination: {other}/");

        ShouldSucceed(step);
        new FileInfo(Path.Combine(other, "link.txt")).LinkTarget.Should().Be(real);
        File.Exists(P("/a/link.txt")).Should().BeFalse();
    }

    [Test]
    public void Relative_paths_are_relative_to_the_working_directory()
    {
        using var temp = new TempFolder();
        temp.Write("work/Sample/Sample.txt", "relative");
        var document = temp.Write("doc.yml", """
            name: relative
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Move
                    action: MoveFile
                    inputs:
                      - source: Sample/Sample.txt
                        destination: ../moved/
            """);

        var result = ToeProcess.RunIn(temp.Combine("work"), "run", "--documents", document, "-l", temp.Combine("logs"));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllText(temp.Combine("moved", "Sample.txt")).Should().Be("relative");
        File.Exists(temp.Combine("work", "Sample", "Sample.txt")).Should().BeFalse();
    }
}

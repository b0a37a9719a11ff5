using System.Runtime.Versioning;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[UnsupportedOSPlatform("windows")]
public sealed class CopyFileTests : TransferTestBase
{
    // ---- The page's Linux examples ----

    [Test]
    public async Task Example_copy_a_file_creates_the_destination_folders()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "sample");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/MyFolder/destinationFile.txt")}");

        ShouldSucceed(step);
        Read(P("/MyFolder/destinationFile.txt")).Should().Be("sample");
        Read(source).Should().Be("sample");
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task Example_copy_a_file_using_the_source_file_name()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "sample");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Read(P("/MyFolder/Sample.txt")).Should().Be("sample");
    }

    [Test]
    public async Task Example_copy_files_using_the_wildcard_copies_every_matching_file_and_no_folder()
    {
        Write("/Sample/MyFolder/Sample1.txt", "one");
        Write("/Sample/MyFolder/Sample2.log", "two");
        Write("/Sample/MyFolder/Other.txt", "other");
        Write("/Sample/MyFolder/SampleDir/inner.txt", "inner");

        var step = await Run("CopyFile", $"- source: {P("/Sample/MyFolder/Sample*")}\n  destination: {P("/MyFolder/")}");

        ShouldSucceed(step);
        Snapshot(P("/MyFolder")).Should().Equal(new SortedDictionary<string, string> { ["Sample1.txt"] = "one", ["Sample2.log"] = "two" });
    }

    [Test]
    public async Task Example_copy_without_overwriting_fails_on_an_existing_file_and_leaves_it()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "new");
        var existing = Write("/MyFolder/destinationFile.txt", "old");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {existing}\n  overwrite: false");

        ShouldFail(step, "CopyFile", existing, "already exists and overwrite is false");
        Read(existing).Should().Be("old");
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task Example_copy_without_overwriting_copies_when_nothing_is_there()
    {
        var source = Write("/Sample/MyFolder/Sample.txt", "new");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/MyFolder/destinationFile.txt")}\n  overwrite: false");

        ShouldSucceed(step);
        Read(P("/MyFolder/destinationFile.txt")).Should().Be("new");
    }

    // ---- Defaults ----

    [TestCase(null)]
    [TestCase("true")]
    [TestCase("'TRUE'")]
    public async Task Overwrite_defaults_to_true_and_replaces_an_existing_file(string? overwrite)
    {
        var source = Write("/a/src.txt", "new");
        var existing = Write("/b/dst.txt", "old and longer");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {existing}" + (overwrite is null ? "" : $"\n  overwrite: {overwrite}"));

        ShouldSucceed(step);
        Read(existing).Should().Be("new");
    }

    [Test]
    public async Task Overwrite_that_is_not_a_boolean_fails_and_names_the_input()
    {
        var source = Write("/a/src.txt", "new");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/x.txt")}\n  overwrite: maybe");

        ShouldFail(step, "input 'overwrite' must be true or false");
        File.Exists(P("/b/x.txt")).Should().BeFalse();
    }

    [Test]
    public async Task Copies_keep_permission_bits_and_modification_time_like_cp_p()
    {
        var source = Write("/a/tool.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        var time = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, time);

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/")}");

        ShouldSucceed(step);
        File.GetUnixFileMode(P("/b/tool.sh")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        File.GetLastWriteTimeUtc(P("/b/tool.sh")).Should().Be(time);
    }

    [Test]
    public async Task A_destination_folder_without_trailing_separator_receives_the_file_like_cp()
    {
        var source = Write("/a/src.txt", "x");
        Directory.CreateDirectory(P("/existing"));

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/existing")}");

        ShouldSucceed(step);
        Read(P("/existing/src.txt")).Should().Be("x");
    }

    [Test]
    public async Task Items_run_in_order_and_the_step_stops_at_the_first_failing_item_naming_it()
    {
        var first = Write("/a/one.txt", "1");
        var third = Write("/a/three.txt", "3");

        var step = await Run("CopyFile", $"""
            - source: {first}
              destination: {P("/out/")}
            - source: {P("/a/missing.txt")}
              destination: {P("/out/")}
            - source: {third}
              destination: {P("/out/")}
            """);

        ShouldFail(step, "item 2 of 3", P("/a/missing.txt"), "does not exist");
        File.Exists(P("/out/one.txt")).Should().BeTrue();
        File.Exists(P("/out/three.txt")).Should().BeFalse();
    }

    // ---- Documented errors ----

    [Test]
    public async Task A_missing_source_fails_naming_it()
    {
        var step = await Run("CopyFile", $"- source: {P("/nope.txt")}\n  destination: {P("/out/")}");

        ShouldFail(step, $"the source file '{P("/nope.txt")}' does not exist");
        Directory.Exists(P("/out")).Should().BeFalse();
    }

    [TestCase("false")]
    [TestCase("true")]
    public async Task A_folder_with_the_file_name_fails_whatever_overwrite_says(string overwrite)
    {
        var source = Write("/a/name", "x");
        Write("/b/name/keep.txt", "keep");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/")}\n  overwrite: {overwrite}");

        ShouldFail(step, $"a folder is at '{P("/b/name")}'");
        Read(P("/b/name/keep.txt")).Should().Be("keep");
    }

    [Test]
    public async Task No_permission_to_create_the_file_fails_and_leaves_nothing()
    {
        var source = Write("/a/src.txt", "x");
        Directory.CreateDirectory(P("/locked"));
        var unlock = Lock(P("/locked"));
        try
        {
            var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/locked/")}");

            ShouldFail(step, "permission denied", P("/locked"));
            Directory.EnumerateFileSystemEntries(P("/locked")).Should().BeEmpty();
        }
        finally
        {
            unlock();
        }
    }

    [Test]
    public async Task A_source_that_is_a_folder_points_to_CopyFolder()
    {
        Write("/a/dir/x.txt", "x");

        var step = await Run("CopyFile", $"- source: {P("/a/dir")}\n  destination: {P("/b/")}");

        ShouldFail(step, $"'{P("/a/dir")}' is a folder; use CopyFolder");
        Directory.Exists(P("/b")).Should().BeFalse();
    }

    // ---- Bad input ----

    [Test]
    public async Task A_wildcard_needs_a_destination_folder_ending_with_a_separator()
    {
        Write("/a/Sample1.txt", "1");

        var step = await Run("CopyFile", $"- source: {P("/a/Sample*")}\n  destination: {P("/b")}");

        ShouldFail(step, "'destination' must end with '/'");
        Directory.Exists(P("/b")).Should().BeFalse();
    }

    [Test]
    public async Task A_wildcard_matching_nothing_fails()
    {
        Write("/a/Other.txt", "1");
        Directory.CreateDirectory(P("/a/SampleDir"));

        var step = await Run("CopyFile", $"- source: {P("/a/Sample*")}\n  destination: {P("/b/")}");

        ShouldFail(step, "no file matches 'Sample*'", P("/a"));
    }

    [Test]
    public async Task A_wildcard_before_the_last_separator_is_refused()
    {
        Write("/a1/x.txt", "1");

        var step = await Run("CopyFile", $"- source: {P("/a*/x.txt")}\n  destination: {P("/b/")}");

        ShouldFail(step, "a wildcard is accepted only after the last path separator");
    }

    [TestCase("''", "input 'source' is empty")]
    [TestCase("'   '", "input 'source' is empty")]
    public async Task Empty_source_fails_clearly(string source, string message)
    {
        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/")}");

        ShouldFail(step, message);
    }

    [Test]
    public async Task Missing_destination_fails_clearly()
    {
        var source = Write("/a/src.txt", "x");

        var step = await Run("CopyFile", $"- source: {source}");

        ShouldFail(step, "input 'destination' is required");
    }

    [Test]
    public async Task Dot_dot_segments_are_resolved_before_anything_is_touched()
    {
        var source = Write("/a/src.txt", "x");

        var step = await Run("CopyFile", $"- source: {P("/a/../a/./src.txt")}\n  destination: {P("/b/c/../d/")}");

        ShouldSucceed(step);
        Read(P("/b/d/src.txt")).Should().Be("x");
        Directory.Exists(P("/b/c")).Should().BeFalse();
    }

    [Test]
    public async Task Copying_a_file_onto_itself_fails_and_keeps_its_content()
    {
        var source = Write("/a/src.txt", "precious");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/a/")}");

        ShouldFail(step, "same file", source);
        Read(source).Should().Be("precious");
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task Copying_a_file_onto_a_link_to_itself_fails_and_keeps_its_content()
    {
        var source = Write("/a/src.txt", "precious");
        Directory.CreateDirectory(P("/b"));
        File.CreateSymbolicLink(P("/b/src.txt"), source);

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/")}");

        ShouldFail(step, "same file");
        Read(source).Should().Be("precious");
    }

    [Test]
    public async Task A_source_that_cannot_be_read_leaves_nothing_half_written()
    {
        Directory.CreateDirectory(P("/a"));
        using var socket = BindSocket(P("/a/sock"));
        Write("/b/sock", "old");

        var step = await Run("CopyFile", $"- source: {P("/a/sock")}\n  destination: {P("/b/")}");

        ShouldFail(step, P("/a/sock"));
        Read(P("/b/sock")).Should().Be("old");
        Leftovers(Root).Should().BeEmpty();
    }

    [Test]
    public async Task A_parent_that_is_a_file_fails_naming_it()
    {
        var source = Write("/a/src.txt", "x");
        Write("/b", "a file");

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/c/")}");

        ShouldFail(step, $"'{P("/b")}' is a file, not a folder");
    }

    // ---- Symbolic links ----

    [Test]
    public async Task A_linked_source_copies_the_content_it_points_to()
    {
        var real = Write("/a/real.txt", "content");
        File.CreateSymbolicLink(P("/a/link.txt"), real);

        var step = await Run("CopyFile", $"- source: {P("/a/link.txt")}\n  destination: {P("/b/")}");

        ShouldSucceed(step);
        new FileInfo(P("/b/link.txt")).LinkTarget.Should().BeNull();
        Read(P("/b/link.txt")).Should().Be("content");
    }

    [Test]
    public async Task A_link_at_the_destination_is_replaced_and_its_target_is_not_written()
    {
        var source = Write("/a/src.txt", "new");
        var outside = Write("/outside/target.txt", "outside");
        Directory.CreateDirectory(P("/b"));
        File.CreateSymbolicLink(P("/b/src.txt"), outside);

        var step = await Run("CopyFile", $"- source: {source}\n  destination: {P("/b/")}");

        ShouldSucceed(step);
        new FileInfo(P("/b/src.txt")).LinkTarget.Should().BeNull();
        Read(P("/b/src.txt")).Should().Be("new");
        Read(outside).Should().Be("outside");
    }

    [Test]
    public async Task A_dangling_link_as_source_fails_naming_its_target()
    {
        Directory.CreateDirectory(P("/a"));
        File.CreateSymbolicLink(P("/a/link.txt"), P("/gone.txt"));

        var step = await Run("CopyFile", $"- source: {P("/a/link.txt")}\n  destination: {P("/b/")}");

        ShouldFail(step, "symbolic link", P("/gone.txt"), "does not exist");
    }

    // ---- Relative paths, through the real binary ----

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
                  - name: Copy
                    action: CopyFile
                    inputs:
                      - source: Sample/Sample.txt
                        destination: out/
                      - source: ./Sample/Sample.txt
                        destination: ../beside.txt
            """);

        var result = ToeProcess.RunIn(temp.Combine("work"), "run", "--documents", document, "-l", temp.Combine("logs"));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllText(temp.Combine("work", "out", "Sample.txt")).Should().Be("relative");
        File.ReadAllText(temp.Combine("beside.txt")).Should().Be("relative");
    }
}

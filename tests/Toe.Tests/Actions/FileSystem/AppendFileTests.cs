using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AppendFileTests : FileSystemTestBase
{
    private const string Appended = "The string to be appended to the file";

    [Test]
    public void Documented_example_without_encoding_appends_to_a_relative_path_in_the_working_directory()
    {
        var file = Write("Sample.txt", "Existing line\n");

        var (result, step) = RunBinary(Dir, """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: AppendingFileWithOutEncodingLinux
                    action: AppendFile
                    inputs:
                      - path: ./Sample.txt
                        content: "The string to be appended to the file"
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        File.ReadAllText(file).Should().Be("Existing line\n" + Appended);
    }

    [Test]
    public async Task Documented_example_with_UTF_32_appends_little_endian_bytes_after_the_existing_ones()
    {
        var utf32 = new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        var original = utf32.GetPreamble().Concat(utf32.GetBytes("Start. ")).ToArray();
        var file = WriteBytes("FolderName/SampleFile.txt", original);

        var step = await RunStep("AppendFile", $"""
            - path: '{file}'
              content: "{Appended}"
              encoding: UTF-32
            """);

        ShouldHaveSucceeded(step);
        File.ReadAllBytes(file).Should().Equal(original.Concat(utf32.GetBytes(Appended)), "no second byte-order mark in the middle");
        File.ReadAllText(file, utf32).Should().Be("Start. " + Appended);
    }

    [Test]
    public async Task Documented_example_with_empty_string_leaves_the_file_as_it_was()
    {
        var file = WriteBytes("FolderName/SampleFile.txt", [0x61, 0x62]);
        var before = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, before);

        var step = await RunStep("AppendFile", $"- path: '{file}'");

        ShouldHaveSucceeded(step);
        File.ReadAllBytes(file).Should().Equal(0x61, 0x62);
        File.GetLastWriteTimeUtc(file).Should().Be(before, "nothing is written");
    }

    // Every documented spelling, in mixed case; utf16/utf32 without a suffix are little-endian and, in an empty
    // file, start with a byte-order mark; -LE/-BE spellings and utf8 write none.
    [TestCase("utf8", "utf-8", false, false)]
    [TestCase("UTF-8", "utf-8", false, false)]
    [TestCase("utf16", "utf-16le", false, true)]
    [TestCase("Utf-16", "utf-16le", false, true)]
    [TestCase("utf16-LE", "utf-16le", false, false)]
    [TestCase("utf-16-le", "utf-16le", false, false)]
    [TestCase("UTF16-be", "utf-16be", true, false)]
    [TestCase("utf-16-BE", "utf-16be", true, false)]
    [TestCase("UTF32", "utf-32le", false, true)]
    [TestCase("utf-32", "utf-32le", false, true)]
    [TestCase("utf32-le", "utf-32le", false, false)]
    [TestCase("UTF-32-LE", "utf-32le", false, false)]
    [TestCase("utf32-BE", "utf-32be", true, false)]
    [TestCase("utf-32-be", "utf-32be", true, false)]
    public async Task Every_documented_encoding_spelling_is_accepted_in_any_case(string spelling, string family, bool bigEndian, bool bom)
    {
        var file = WriteBytes("empty.txt", []);
        const string text = "é€𝄞 x";

        var step = await RunStep("AppendFile", $"""
            - path: '{file}'
              content: '{text}'
              encoding: {spelling}
            """);

        ShouldHaveSucceeded(step);
        Encoding expected = family switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-16le" or "utf-16be" => new UnicodeEncoding(bigEndian, bom),
            _ => new UTF32Encoding(bigEndian, bom),
        };
        File.ReadAllBytes(file).Should().Equal(expected.GetPreamble().Concat(expected.GetBytes(text)));
    }

    [Test]
    public async Task Appending_utf8_to_a_file_that_starts_with_a_UTF_16_byte_order_mark_is_refused_and_changes_nothing()
    {
        var original = new byte[] { 0xFF, 0xFE, 0x61, 0x00 };
        var file = WriteBytes("utf16.txt", original);

        var step = await RunStep("AppendFile", $"- path: '{file}'\n  content: more");

        ShouldHaveFailed(step, $"AppendFile: '{file}': '{file}' starts with a UTF-16LE byte-order mark, but encoding is UTF-8; appending would mix encodings in one file. Give the file's encoding with the 'encoding' input");
        File.ReadAllBytes(file).Should().Equal(original);
    }

    [Test]
    public async Task A_missing_file_a_folder_and_a_trailing_separator_are_documented_errors_naming_the_path()
    {
        Directory.CreateDirectory(At("folder"));
        var missing = At("missing.txt");
        var folder = At("folder");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Missing", "AppendFile", $"- path: '{missing}'\n  content: x", "onFailure: Continue")
            + EngineHarness.Step("Folder", "AppendFile", $"- path: '{folder}'\n  content: x", "onFailure: Continue")
            + EngineHarness.Step("Slash", "AppendFile", $"- path: '{folder}/'\n  content: x", "onFailure: Continue"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "Missing"), $"AppendFile: '{missing}': the file '{missing}' does not exist");
        ShouldHaveFailed(_h.Step("build", "Folder"), $"AppendFile: '{folder}': '{folder}' is a folder, not a file");
        ShouldHaveFailed(_h.Step("build", "Slash"), $"AppendFile: '{folder}/': '{folder}/' ends with a path separator, which names a folder; give the path of a file");
        File.Exists(missing).Should().BeFalse("AppendFile never creates a file");
    }

    [Test]
    public async Task Items_run_in_order_and_the_step_stops_at_the_first_failing_item()
    {
        var first = Write("first.txt", "1");
        var third = Write("third.txt", "3");
        var missing = At("no", "such.txt");

        var step = await RunStep("AppendFile", $"""
            - path: '{first}'
              content: a
            - path: '{first}'
              content: b
            - path: '{missing}'
              content: x
            - path: '{third}'
              content: c
            """);

        ShouldHaveFailed(step, $"AppendFile: item 3 of 4 '{missing}': the file '{missing}' does not exist");
        File.ReadAllText(first).Should().Be("1ab");
        File.ReadAllText(third).Should().Be("3", "items after the failing one do not run");
    }

    [Test]
    public async Task Dot_dot_segments_are_resolved_before_anything_is_touched_and_messages_show_the_resolved_path()
    {
        var file = Write("a.txt", "x");

        var ok = await RunStep("AppendFile", $"- path: '{Dir}/not-there/../a.txt'\n  content: y");
        ShouldHaveSucceeded(ok);
        File.ReadAllText(file).Should().Be("xy", "'not-there/..' is removed from the path, whether or not not-there exists");

        var failed = await RunStep("AppendFile", $"- path: '{Dir}/sub/../../b.txt'\n  content: y");
        ShouldHaveFailed(failed, $"AppendFile: '{Dir}/sub/../../b.txt': the file '{_h.Root}/b.txt' does not exist");
    }

    [Test]
    public async Task A_link_is_followed_and_stays_a_link()
    {
        var target = Write("real.txt", "real");
        var link = At("link.txt");
        File.CreateSymbolicLink(link, target);

        var step = await RunStep("AppendFile", $"- path: '{link}'\n  content: '+more'");

        ShouldHaveSucceeded(step);
        File.ReadAllText(target).Should().Be("real+more");
        new FileInfo(link).LinkTarget.Should().Be(target);
    }

    [Test]
    public async Task Empty_path_and_unknown_encoding_fail_with_a_clear_message()
    {
        var file = Write("a.txt", "x");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("EmptyPath", "AppendFile", "- path: ''\n  content: x", "onFailure: Continue")
            + EngineHarness.Step("Latin1", "AppendFile", $"- path: '{file}'\n  content: x\n  encoding: '{{{{ Enc }}}}'", "onFailure: Continue"),
            header: "parameters:\n  - Enc:\n      type: string\n      default: latin1");

        await RunDocument(yaml, validate: false);

        ShouldHaveFailed(_h.Step("build", "EmptyPath"), "AppendFile: '': input 'path' is empty; give a value");
        _h.Step("build", "Latin1").FailureMessage.Should().Be(
            $"AppendFile: '{file}': input 'encoding': unknown encoding 'latin1'; use one of utf8, utf-8, utf16, utf-16, utf16-LE, utf-16-LE, utf16-BE, utf-16-BE, utf32, utf-32, utf32-LE, utf-32-LE, utf32-BE, utf-32-BE (any case)");
        File.ReadAllText(file).Should().Be("x");
        Validation.Check.Errors(EngineHarness.Yaml(EngineHarness.Step("Bad", "AppendFile", $"- path: '{file}'\n  encoding: latin1")))
            .Should().NotBeEmpty("a literal unknown encoding is caught before anything runs");
    }

    [Test]
    public void Without_write_permission_the_step_fails_and_the_file_is_untouched()
    {
        var file = Write("readonly.txt", "keep");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Unprivileged.OpenUp(Dir);

        var (result, step) = RunBinary(Dir, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Append
                    action: AppendFile
                    inputs:
                      - path: '{file}'
                        content: more
            """, unprivileged: true);

        result.ExitCode.Should().Be(1);
        step["failureMessage"]!.GetValue<string>().Should().StartWith($"AppendFile: '{file}': permission denied");
        File.ReadAllText(file).Should().Be("keep");
    }
}

using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadFileTests : FileSystemTestBase
{
    [Test]
    public async Task Documented_example_reads_a_file_into_content_usable_through_chaining()
    {
        var file = Write("home/UserName/SampleFile.txt", "The file content");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("ReadingFileLinux", "ReadFile", $"- path: '{file}'")
            + EngineHarness.Bash("UseIt", "echo \"got: {{ build.ReadingFileLinux.outputs.content }}\""));

        await RunDocument(yaml);

        var step = _h.Step("build", "ReadingFileLinux");
        ShouldHaveSucceeded(step);
        step.Outputs.Should().Be("""[{"content":"The file content"}]""", "AWS's output example");
        Output(_h.Step("build", "UseIt"), "stdout").Should().Be("got: The file content");
        ConsoleLog.Should().Be("got: The file content\n", "without printFileContent the content is not printed");
    }

    [Test]
    public async Task Documented_example_with_UTF_32_decodes_little_endian_without_a_byte_order_mark()
    {
        var file = WriteBytes("FolderName/SampleFile.txt", new UTF32Encoding(false, false).GetBytes("héllo 𝄞"));

        var step = await RunStep("ReadFile", $"- path: '{file}'\n  encoding: UTF-32");

        ShouldHaveSucceeded(step);
        Output(step, "content").Should().Be("héllo 𝄞");
    }

    [Test]
    public async Task Documented_example_with_printFileContent_prints_every_line_to_console_log()
    {
        var file = Write("home/UserName/SampleFile.txt", "line one\nline two\n\nline four\n");

        var step = await RunStep("ReadFile", $"- path: '{file}'\n  printFileContent: true");

        ShouldHaveSucceeded(step);
        Output(step, "content").Should().Be("line one\nline two\n\nline four\n", "the content is kept exactly, final newline included");
        ConsoleLog.Should().Be("line one\nline two\n\nline four\n");
    }

    [Test]
    public async Task A_byte_order_mark_in_the_file_wins_over_the_encoding_input_and_is_not_part_of_the_content()
    {
        var utf16be = new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        var file = WriteBytes("be.txt", utf16be.GetPreamble().Concat(utf16be.GetBytes("big endian")).ToArray());
        var utf8Bom = WriteBytes("bom8.txt", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("eight")).ToArray());

        var step = await RunStep("ReadFile", $"- path: '{file}'\n- path: '{utf8Bom}'\n  encoding: utf-8");

        ShouldHaveSucceeded(step);
        Output(step, "content").Should().Be("big endian\neight");
    }

    [Test]
    public async Task Several_items_are_joined_with_a_newline_in_item_order()
    {
        var a = Write("a.txt", "alpha");
        var b = Write("b.txt", "beta\n");
        var c = Write("c.txt", "gamma");

        var step = await RunStep("ReadFile", $"- path: '{c}'\n- path: '{a}'\n- path: '{b}'");

        Output(step, "content").Should().Be("gamma\nalpha\nbeta\n");
    }

    [Test]
    public async Task Bytes_that_are_not_valid_in_the_encoding_fail_instead_of_becoming_replacement_characters()
    {
        var file = WriteBytes("binary.bin", [0x61, 0xC3, 0x28, 0x62]);

        var step = await RunStep("ReadFile", $"- path: '{file}'");

        ShouldHaveFailed(step, $"ReadFile: '{file}': '{file}' is not valid utf-8 text; give the file's encoding with the 'encoding' input");
    }

    [Test]
    public async Task A_missing_file_and_a_folder_are_documented_errors()
    {
        var missing = At("missing.txt");
        Directory.CreateDirectory(At("folder"));
        var folder = At("folder");
        var dangling = At("dangling");
        File.CreateSymbolicLink(dangling, At("gone.txt"));
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Missing", "ReadFile", $"- path: '{missing}'", "onFailure: Continue")
            + EngineHarness.Step("Folder", "ReadFile", $"- path: '{folder}'", "onFailure: Continue")
            + EngineHarness.Step("Dangling", "ReadFile", $"- path: '{dangling}'", "onFailure: Continue"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "Missing"), $"ReadFile: '{missing}': the file '{missing}' does not exist");
        ShouldHaveFailed(_h.Step("build", "Folder"), $"ReadFile: '{folder}': '{folder}' is a folder, not a file");
        ShouldHaveFailed(_h.Step("build", "Dangling"), $"ReadFile: '{dangling}': the file '{dangling}' does not exist (it is a symbolic link to a missing target)");
    }

    [Test]
    public async Task A_symbolic_link_returns_the_content_of_its_target()
    {
        var target = Write("target.txt", "through the link");
        var link = At("link.txt");
        File.CreateSymbolicLink(link, target);

        var step = await RunStep("ReadFile", $"- path: '{link}'");

        Output(step, "content").Should().Be("through the link");
    }

    [Test]
    public async Task With_disableLogging_printFileContent_prints_nothing_but_chaining_still_gets_the_content()
    {
        var file = Write("secret.txt", "s3cr3t-value");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("ReadSecret", "ReadFile", $"- path: '{file}'\n  printFileContent: true", "disableLogging: true")
            + EngineHarness.Bash("UseSecret", "test '{{ build.ReadSecret.outputs.content }}' = s3cr3t-value && echo matched"));

        await RunDocument(yaml);

        ShouldHaveSucceeded(_h.Step("build", "ReadSecret"));
        ShouldHaveSucceeded(_h.Step("build", "UseSecret"));
        ConsoleLog.Should().Be("matched\n");
    }

    [Test]
    public async Task An_empty_file_gives_empty_content()
    {
        var file = Write("empty.txt", string.Empty);

        var step = await RunStep("ReadFile", $"- path: '{file}'\n  printFileContent: true");

        ShouldHaveSucceeded(step);
        Output(step, "content").Should().BeEmpty();
        ConsoleLog.Should().BeEmpty();
    }

    [Test]
    public void A_relative_path_is_read_from_the_working_directory()
    {
        Write("notes/today.txt", "relative works");

        var (result, step) = RunBinary(Dir, """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Read
                    action: ReadFile
                    inputs:
                      - path: notes/today.txt
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        step["outputs"]!.GetValue<string>().Should().Be("""[{"content":"relative works"}]""");
    }
}

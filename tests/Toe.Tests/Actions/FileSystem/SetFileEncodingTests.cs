using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SetFileEncodingTests : FileSystemTestBase
{
    private const string Text = "héllo wörld 𝄞\nsecond line\n";

    [Test]
    public async Task Documented_example_converts_utf8_to_UTF_16_little_endian_with_a_byte_order_mark()
    {
        var file = Write("home/UserName/SampleFile.txt", Text);

        var step = await RunStep("SetFileEncoding", $"- path: '{file}'\n  encoding: UTF-16");

        ShouldHaveSucceeded(step);
        File.ReadAllBytes(file).Should().Equal(new byte[] { 0xFF, 0xFE }.Concat(new UnicodeEncoding(false, false).GetBytes(Text)));
        TemporaryFiles(Dir).Should().BeEmpty();
    }

    [TestCase("utf8", new byte[] { })]
    [TestCase("UTF-8", new byte[] { })]
    [TestCase("utf16", new byte[] { 0xFF, 0xFE })]
    [TestCase("utf-16-LE", new byte[] { })]
    [TestCase("utf16-be", new byte[] { })]
    [TestCase("Utf32", new byte[] { 0xFF, 0xFE, 0, 0 })]
    [TestCase("utf-32-le", new byte[] { })]
    [TestCase("UTF32-BE", new byte[] { })]
    public async Task Converts_to_every_encoding_and_back_to_utf8(string encoding, byte[] bom)
    {
        var file = Write("file.txt", Text);
        Encoding expected = encoding.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
        {
            "UTF8" => new UTF8Encoding(false),
            "UTF16" or "UTF16LE" => new UnicodeEncoding(false, false),
            "UTF16BE" => new UnicodeEncoding(true, false),
            "UTF32" or "UTF32LE" => new UTF32Encoding(false, false),
            _ => new UTF32Encoding(true, false),
        };

        var there = await RunStep("SetFileEncoding", $"- path: '{file}'\n  encoding: {encoding}");
        ShouldHaveSucceeded(there);
        File.ReadAllBytes(file).Should().Equal(bom.Concat(expected.GetBytes(Text)));

        // Back: a file with a byte-order mark is read in that encoding; one without is UTF-8, so -LE/-BE files
        // without a mark cannot come back this way (they would be invalid UTF-8), and that is tested below.
        if (bom.Length > 0 || expected is UTF8Encoding)
        {
            var back = await RunStep("SetFileEncoding", $"- path: '{file}'");
            ShouldHaveSucceeded(back);
            File.ReadAllBytes(file).Should().Equal(Encoding.UTF8.GetBytes(Text), "the default is utf8, without a byte-order mark");
        }
    }

    [Test]
    public async Task The_current_encoding_comes_from_the_byte_order_mark()
    {
        var utf16be = new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        var file = WriteBytes("be.txt", utf16be.GetPreamble().Concat(utf16be.GetBytes(Text)).ToArray());

        var step = await RunStep("SetFileEncoding", $"- path: '{file}'\n  encoding: utf-32");

        ShouldHaveSucceeded(step);
        File.ReadAllBytes(file).Should().Equal(new byte[] { 0xFF, 0xFE, 0, 0 }.Concat(new UTF32Encoding(false, false).GetBytes(Text)));
    }

    [Test]
    public async Task A_file_that_is_not_valid_in_its_detected_encoding_fails_and_stays_untouched()
    {
        var latin1 = new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x0A }; // "café" in Latin-1: not UTF-8
        var file = WriteBytes("latin1.txt", latin1);
        var broken16 = WriteBytes("broken16.txt", [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8]); // "a" and a lone surrogate
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Latin1", "SetFileEncoding", $"- path: '{file}'\n  encoding: utf16", "onFailure: Continue")
            + EngineHarness.Step("Broken16", "SetFileEncoding", $"- path: '{broken16}'", "onFailure: Continue"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "Latin1"), $"SetFileEncoding: '{file}': '{file}' is not valid text in its current encoding (it has no byte-order mark, so it is read as UTF-8); the file was left unchanged");
        ShouldHaveFailed(_h.Step("build", "Broken16"), $"SetFileEncoding: '{broken16}': '{broken16}' is not valid text in its current encoding (its byte-order mark says utf-16); the file was left unchanged");
        File.ReadAllBytes(file).Should().Equal(latin1);
        TemporaryFiles(Dir).Should().BeEmpty();
    }

    [Test]
    public async Task Permissions_are_kept_and_a_link_is_followed_and_stays_a_link()
    {
        var target = Write("real.txt", Text);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var link = At("link.txt");
        File.CreateSymbolicLink(link, target);

        var step = await RunStep("SetFileEncoding", $"- path: '{link}'\n  encoding: utf-16-be");

        ShouldHaveSucceeded(step);
        new FileInfo(link).LinkTarget.Should().Be(target);
        File.ReadAllBytes(target).Should().Equal(new UnicodeEncoding(true, false).GetBytes(Text));
        File.GetUnixFileMode(target).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Test]
    public async Task A_file_already_in_the_encoding_is_not_rewritten()
    {
        var file = Write("same.txt", Text);
        var before = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, before);

        var step = await RunStep("SetFileEncoding", $"- path: '{file}'\n  encoding: utf-8");

        ShouldHaveSucceeded(step);
        File.GetLastWriteTimeUtc(file).Should().Be(before);
    }

    [Test]
    public async Task A_missing_file_and_a_folder_are_documented_errors()
    {
        var missing = At("missing.txt");
        Directory.CreateDirectory(At("folder"));
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Missing", "SetFileEncoding", $"- path: '{missing}'\n  encoding: utf16", "onFailure: Continue")
            + EngineHarness.Step("Folder", "SetFileEncoding", $"- path: '{At("folder")}'", "onFailure: Continue"));

        await RunDocument(yaml);

        ShouldHaveFailed(_h.Step("build", "Missing"), $"SetFileEncoding: '{missing}': the file '{missing}' does not exist");
        ShouldHaveFailed(_h.Step("build", "Folder"), $"SetFileEncoding: '{At("folder")}': '{At("folder")}' is a folder, not a file");
        File.Exists(missing).Should().BeFalse();
    }

    [Test]
    public void Without_permission_to_write_the_file_the_step_fails_and_the_file_is_untouched()
    {
        // The folder is writable (the rename would work); the file itself is read-only.
        var file = Write("sub/readonly.txt", Text);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(At("sub"), (UnixFileMode)0b111_111_111);
        Unprivileged.OpenUp(Dir);

        var (result, step) = RunBinary(Dir, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Convert
                    action: SetFileEncoding
                    inputs:
                      - path: '{file}'
                        encoding: utf16
            """, unprivileged: true);

        result.ExitCode.Should().Be(1);
        step["failureMessage"]!.GetValue<string>().Should().StartWith($"SetFileEncoding: '{file}': permission denied");
        File.ReadAllText(file).Should().Be(Text);
        TemporaryFiles(Dir).Should().BeEmpty();
    }
}

using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Tests.Support;

namespace Toe.Tests.Actions;

/// <summary>The script file of ExecuteBash/ExecutePowerShell is rewritten per iteration without truncating when it need not.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ScriptFileTests
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [Test]
    public void A_shorter_script_replaces_a_longer_one_completely()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "input.sh");

        ScriptFile.Write(path, "echo a long first script\n", Utf8);
        ScriptFile.Write(path, "true\n", Utf8);

        File.ReadAllText(path).Should().Be("true\n");
    }

    [Test]
    public void A_longer_script_replaces_a_shorter_one()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "input.sh");

        ScriptFile.Write(path, "true\n", Utf8);
        ScriptFile.Write(path, "echo the second script is longer\n", Utf8);

        File.ReadAllText(path).Should().Be("echo the second script is longer\n");
    }

    [Test]
    public void The_same_script_again_leaves_the_file_untouched()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "input.sh");
        ScriptFile.Write(path, "echo same\n", Utf8);
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        ScriptFile.Write(path, "echo same\n", Utf8);
        ScriptFile.Write(path, "echo diff\n", Utf8);
        var afterChange = File.GetLastWriteTimeUtc(path);

        afterChange.Should().NotBe(written, "a different script of the same length is written");
        File.ReadAllText(path).Should().Be("echo diff\n");
        File.SetLastWriteTimeUtc(path, written);
        ScriptFile.Write(path, "echo diff\n", Utf8);
        File.GetLastWriteTimeUtc(path).Should().Be(written, "identical bytes are not written again");
    }

    [Test]
    public void A_byte_order_mark_is_written_once_at_the_start()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "input.ps1");
        var withBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        ScriptFile.Write(path, "Write-Output 'first one'\n", withBom);
        ScriptFile.Write(path, "Write-Output 2\n", withBom);

        File.ReadAllBytes(path).Should().Equal([0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("Write-Output 2\n")]);
    }
}

using FluentAssertions;

namespace Toe.Tests.Support;

/// <summary>
/// Approval (golden) files for user-facing output. A mismatch fails with the difference; with
/// TOE_UPDATE_GOLDEN=1 the file in the source tree is rewritten instead, to be reviewed in the diff.
/// </summary>
public static class Golden
{
    public static void Verify(string relativePath, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var sourceFile = Path.Combine(RepoPaths.Root, "tests", "Toe.Tests", "Golden", relativePath);
        if (Environment.GetEnvironmentVariable("TOE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourceFile)!);
            File.WriteAllText(sourceFile, actual);
            return;
        }

        File.Exists(sourceFile).Should().BeTrue($"golden file {sourceFile} should exist (run the tests once with TOE_UPDATE_GOLDEN=1 and review it)");
        var expected = File.ReadAllText(sourceFile).Replace("\r\n", "\n", StringComparison.Ordinal);
        actual.Should().Be(expected, $"output should match the golden file {relativePath} (if the change is intended, rerun with TOE_UPDATE_GOLDEN=1 and review the diff)");
    }
}

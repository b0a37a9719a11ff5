using FluentAssertions;

namespace Toe.Tests.Support;

/// <summary>
/// Approval (golden) files for user-facing output, under tests/Toe.Tests/Golden/. Compares against
/// the copy in the source tree; with TOE_UPDATE_GOLDEN=1 it rewrites that copy instead, to be
/// reviewed in the diff before committing.
/// </summary>
public static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        var path = Path.Combine(RepoPaths.TestProject, "Golden", relativePath);
        if (Environment.GetEnvironmentVariable("TOE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        File.Exists(path).Should().BeTrue($"the golden file {path} should exist (run once with TOE_UPDATE_GOLDEN=1 to create it, and review it). Output was:\n{actual}");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual.Should().Be(expected, $"it should match Golden/{relativePath}; if the change is intended, rerun with TOE_UPDATE_GOLDEN=1 and review the diff");
    }
}

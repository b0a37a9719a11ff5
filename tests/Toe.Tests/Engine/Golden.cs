using FluentAssertions;
using NUnit.Framework;

namespace Toe.Tests.EngineTests;

/// <summary>
/// Golden files under tests/Toe.Tests/Golden/. Compares against the copy in the source tree
/// (found by walking up to Toe.sln); with <c>TOE_UPDATE_GOLDEN=1</c> it rewrites that copy instead.
/// </summary>
internal static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        var path = Path.Combine(SourceTestsDirectory(), "Golden", relativePath);
        if (Environment.GetEnvironmentVariable("TOE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            Assert.Warn($"golden file rewritten: {path}");
            return;
        }

        File.Exists(path).Should().BeTrue($"the golden file {path} should exist (run once with TOE_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        actual.Should().Be(expected, $"it should match {path}; if the change is intended, rerun with TOE_UPDATE_GOLDEN=1 and review the diff");
    }

    private static string SourceTestsDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Toe.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Toe.Tests");
            }
        }

        // Not in a source tree: fall back to the copy next to the test assembly.
        return TestContext.CurrentContext.TestDirectory;
    }
}

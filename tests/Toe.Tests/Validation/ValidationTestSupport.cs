using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

/// <summary>Runs the validator on YAML written in a test.</summary>
internal static class Check
{
    public const string FileName = "doc.yaml";

    public static IReadOnlyList<Diagnostic> Yaml(string yaml, ValidationOptions? options = null) =>
        DocumentValidator.Validate(DocumentLoader.LoadText(yaml, FileName), options ?? ValidationOptions.Default);

    public static IReadOnlyList<Diagnostic> Errors(string yaml, ValidationOptions? options = null) =>
        Yaml(yaml, options).Where(d => d.Severity == Severity.Error).ToList();

    /// <summary>"line:col CODE" of each diagnostic, for compact assertions.</summary>
    public static IEnumerable<string> Brief(this IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code}");
}

/// <summary>Folders of the repository, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding Toe.sln (the source tree, not the build output).</summary>
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Toe.Tests");

    /// <summary>Files copied next to the test assembly (TestData/**, Golden/**).</summary>
    public static string Output(params string[] parts) => Path.Combine([TestContext.CurrentContext.TestDirectory, .. parts]);

    /// <summary>
    /// The shared corpus: <c>&lt;repo&gt;/../shared/corpus</c>, or the same from a folder further up
    /// (a git worktree sits one level deeper), or TOE_CORPUS; null when none exists.
    /// </summary>
    public static string? Corpus()
    {
        if (Environment.GetEnvironmentVariable("TOE_CORPUS") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var folder = new DirectoryInfo(Root).Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "corpus");
            if (Directory.Exists(Path.Combine(candidate, "docs")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Toe.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Toe.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}

/// <summary>
/// Compares output with a file under Golden/. With TOE_UPDATE_GOLDEN=1 it rewrites the file in the
/// source tree instead (review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Match(string relativePath, string actual)
    {
        var normalised = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("TOE_UPDATE_GOLDEN") == "1")
        {
            var target = Path.Combine(RepoPaths.TestProject, "Golden", relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, normalised);
            return;
        }

        var expectedPath = RepoPaths.Output("Golden", relativePath);
        if (!File.Exists(expectedPath))
        {
            Assert.Fail($"golden file Golden/{relativePath} does not exist; run the tests with TOE_UPDATE_GOLDEN=1 to create it. Output was:\n{normalised}");
        }

        var expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.That(normalised, Is.EqualTo(expected), $"output differs from Golden/{relativePath}; if the change is intended, run with TOE_UPDATE_GOLDEN=1 and review the diff");
    }
}

using NUnit.Framework;

namespace Toe.Tests.Support;

/// <summary>Folders of the repository, found from the test assembly's folder, and the shared corpus beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Toe.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Toe.sln above {AppContext.BaseDirectory}");
    });

    /// <summary>The folder holding Toe.sln (the source tree, not the build output).</summary>
    public static string Root => RootLazy.Value;

    public static string TestProject => Path.Combine(Root, "tests", "Toe.Tests");

    public static string Components => Path.Combine(Root, "components");

    public static string Schemas => Path.Combine(Root, "schemas");

    /// <summary>Files copied next to the test assembly (TestData/**, Golden/**).</summary>
    public static string Output(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);

    /// <summary>
    /// The shared corpus: <c>&lt;repo&gt;/../shared/corpus</c>, or the same from a folder further up
    /// (a git worktree sits deeper), or TOE_CORPUS; null when none exists. Never copied into the repo.
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

    /// <summary>The corpus's docs folder; skips the calling test with a message when the corpus is absent.</summary>
    public static string RequireCorpusDocs()
    {
        var corpus = Corpus();
        if (corpus is null)
        {
            Assert.Ignore($"corpus not present (looked for shared/corpus above {Root}, or TOE_CORPUS): these tests read the real documents of ../shared/corpus");
        }

        return Path.Combine(corpus!, "docs");
    }
}

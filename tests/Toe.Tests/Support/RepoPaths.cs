namespace Toe.Tests.Support;

/// <summary>Where things are: the repository (the folder holding Toe.sln) and the shared corpus beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Toe.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"Toe.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootLazy.Value;

    public static string Components => Path.Combine(Root, "components");

    public static string Schemas => Path.Combine(Root, "schemas");

    /// <summary>The real documents of ../shared/corpus (never copied into the repo).</summary>
    public static string CorpusDocs => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "docs"));

    /// <summary>Skips the calling test with a message when the corpus folder is absent.</summary>
    public static string RequireCorpus()
    {
        if (!Directory.Exists(CorpusDocs))
        {
            NUnit.Framework.Assert.Ignore($"corpus not present at {CorpusDocs}: these tests read the real documents of ../shared/corpus");
        }

        return CorpusDocs;
    }
}

namespace Toe.Actions.FileSystem;

/// <summary>
/// Visits everything below a folder without following symbolic links (like <c>chown -R</c> and
/// <c>chmod -R</c>, which default to -P): a link to a folder elsewhere is an entry of its own, never
/// a way out of the tree, and a link loop cannot make the walk endless. Entries come in ordinal name
/// order, so the first failure is the same on every run.
/// </summary>
internal static class PhysicalTreeWalk
{
    public enum Kind
    {
        File,
        Folder,
        Symlink,
    }

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Calls <paramref name="visit"/> for every entry below <paramref name="folder"/> (not for the folder
    /// itself). <paramref name="beforeContents"/> decides, per subfolder, whether it is visited before its
    /// contents (true) or after them (false).
    /// </summary>
    public static void Walk(string folder, Action<string, Kind> visit, bool beforeContents, CancellationToken cancellationToken)
    {
        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", OneLevel)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                visit(entry.FullName, Kind.Symlink);
            }
            else if (entry is DirectoryInfo)
            {
                if (beforeContents)
                {
                    visit(entry.FullName, Kind.Folder);
                }

                Walk(entry.FullName, visit, beforeContents, cancellationToken);
                if (!beforeContents)
                {
                    visit(entry.FullName, Kind.Folder);
                }
            }
            else
            {
                visit(entry.FullName, Kind.File);
            }
        }
    }
}

using System.IO.Enumeration;

namespace Toe.Actions.FileSystem;

/// <summary>One entry of a folder listing: its name and kind (a link is a link, never what it points to).</summary>
internal readonly record struct DirEntry(string Name, EntryKind Kind, long Length);

/// <summary>
/// Lists one folder (not recursive). The kind comes from the directory entry itself where the file system
/// provides it, so a listing costs no stat per plain file or folder; only symbolic links are looked at.
/// </summary>
internal static class DirEntries
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0, // hidden files and links are content too
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    public static IEnumerable<DirEntry> Read(string folder) =>
        new FileSystemEnumerable<DirEntry>(folder, static (ref FileSystemEntry entry) => new DirEntry(entry.FileName.ToString(), KindOf(ref entry), entry.IsDirectory ? 0 : entry.Length), Options);

    /// <summary>
    /// Names of the entries of <paramref name="folder"/> and their kinds, for comparing a source folder with
    /// an existing destination (merge). A missing folder has no entries.
    /// </summary>
    public static Dictionary<string, EntryKind> Map(string folder)
    {
        var map = new Dictionary<string, EntryKind>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return map;
        }

        foreach (var entry in Read(folder))
        {
            map[entry.Name] = entry.Kind;
        }

        return map;
    }

    private static EntryKind KindOf(ref FileSystemEntry entry)
    {
        if (entry.IsDirectory)
        {
            // A link to a folder reports IsDirectory too; telling them apart costs one lstat, for folders only.
            return entry.Attributes.HasFlag(FileAttributes.ReparsePoint) ? EntryKind.Link : EntryKind.Folder;
        }

        return entry.Attributes.HasFlag(FileAttributes.ReparsePoint) ? EntryKind.Link : EntryKind.File;
    }
}

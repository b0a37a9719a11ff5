namespace Toe.Actions.FileSystem;

/// <summary>What is at a path, without following a final symbolic link (lstat).</summary>
internal enum EntryKind
{
    Missing,
    File,
    Folder,
    Link,
}

/// <summary>Small questions about paths that the copy and move modules ask before they touch anything.</summary>
internal static class FsEntry
{
    /// <summary>The kind of the entry itself: a symbolic link is <see cref="EntryKind.Link"/> whatever it points to.</summary>
    public static EntryKind KindOf(string path)
    {
        var attributes = new FileInfo(path).Attributes; // -1 when nothing is there (not even a dangling link)
        if ((int)attributes == -1)
        {
            return EntryKind.Missing;
        }

        if (attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return EntryKind.Link;
        }

        return attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Folder : EntryKind.File;
    }

    /// <summary>A file, or a symbolic link whose final target is a file (File.Exists is also true for a dangling link).</summary>
    public static bool IsFileOrLinkToFile(string path) => KindOf(path) switch
    {
        EntryKind.File => true,
        EntryKind.Link => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { Exists: true },
        _ => false,
    };

    /// <summary>The text of a symbolic link, or null when the path is not one.</summary>
    public static string? LinkText(string path) => new FileInfo(path).LinkTarget;

    /// <summary>
    /// The physical path: every symbolic link in the existing part of <paramref name="fullPath"/> resolved,
    /// the missing rest appended as written. Used to compare a source with a destination (same file, a folder
    /// copied into itself) however the two were spelled.
    /// </summary>
    public static string RealPath(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return fullPath;
        }

        var pending = new Stack<string>(fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var next = Path.Join(current, pending.Pop());
            if (LinkText(next) is { } target && hops++ < 40)
            {
                var resolved = Path.GetFullPath(target, current);
                foreach (var part in resolved.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                current = "/";
                continue;
            }

            current = next;
        }

        return current;
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies below it (both physical paths).</summary>
    public static bool IsSameOrInside(string inner, string outer) =>
        inner == outer || inner.StartsWith(outer.EndsWith('/') ? outer : outer + "/", StringComparison.Ordinal);

    /// <summary>A hidden temporary name beside <paramref name="target"/>, recognisable as Toe's.</summary>
    public static string StagingPathBeside(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? "/", $".{Path.GetFileName(target)}.toe-{Guid.NewGuid():N}.tmp");

    /// <summary>A hidden temporary folder inside <paramref name="folder"/> (same file system as its entries).</summary>
    public static string StagingPathInside(string folder) => Path.Combine(folder, $".toe-{Guid.NewGuid():N}.tmp");

    /// <summary>Creates the folders above <paramref name="target"/>, naming a file that stands in the way.</summary>
    public static void CreateParents(string target)
    {
        var parent = Path.GetDirectoryName(target);
        if (string.IsNullOrEmpty(parent) || Directory.Exists(parent))
        {
            return;
        }

        for (var probe = parent; !string.IsNullOrEmpty(probe); probe = Path.GetDirectoryName(probe))
        {
            var kind = KindOf(probe);
            if (kind == EntryKind.Folder || (kind == EntryKind.Link && Directory.Exists(probe)))
            {
                break;
            }

            if (kind != EntryKind.Missing)
            {
                throw new ItemFailedException($"cannot create the folder '{parent}': '{probe}' is a file, not a folder");
            }
        }

        Directory.CreateDirectory(parent);
    }

    /// <summary>Removes a folder tree without following links in it; errors are ignored (clean-up of our own staging).</summary>
    public static void TryDeleteTree(string path)
    {
        try
        {
            if (KindOf(path) == EntryKind.Folder)
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

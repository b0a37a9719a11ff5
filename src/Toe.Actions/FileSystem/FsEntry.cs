namespace Toe.Actions.FileSystem;

/// <summary>What a path holds. <see cref="Link"/> comes only from <see cref="FsEntry.KindOf"/>, which does not follow a final link.</summary>
public enum EntryKind
{
    Missing,
    File,
    Folder,
    Link,
}

/// <summary>
/// The existence checks AppendFile, ReadFile, SetFileEncoding, ListFiles, CreateSymlink, DeleteFile and
/// DeleteFolder share, with their failure messages. .NET's <see cref="File.Exists"/> is true for a dangling
/// link (it falls back to lstat), so "does the target exist" is decided here, once.
/// </summary>
public static class FsEntry
{
    /// <summary>True when the path itself is a symbolic link (dangling or not).</summary>
    public static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false; // a parent is a file, or the name is too long: not a link
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>What the path leads to after following links; a dangling link or a link cycle is Missing.</summary>
    public static EntryKind Followed(string path)
    {
        if (Directory.Exists(path))
        {
            return EntryKind.Folder;
        }

        if (!File.Exists(path))
        {
            return EntryKind.Missing;
        }

        if (!IsLink(path))
        {
            return EntryKind.File;
        }

        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: true } ? EntryKind.File : EntryKind.Missing;
        }
        catch (IOException)
        {
            return EntryKind.Missing; // too many levels of links
        }
    }

    /// <summary>The file a link finally points to (the path itself when it is no link): where in-place edits must go.</summary>
    public static string FinalTarget(string path) =>
        IsLink(path) && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target ? target.FullName : path;

    /// <summary>
    /// The resolved path of an existing file named by <paramref name="input"/>; links are followed for the check.
    /// A trailing separator, a folder or nothing at the path is a failure that says so.
    /// </summary>
    public static string ExistingFile(ItemInputs item, string input = "path")
    {
        var raw = item.Required(input);
        var path = FsPath.Resolve(raw, input);
        if (FsPath.NamesFolder(raw))
        {
            throw new ItemFailedException($"'{raw}' ends with a path separator, which names a folder; give the path of a file");
        }

        return Followed(path) switch
        {
            EntryKind.Folder => throw new ItemFailedException($"'{path}' is a folder, not a file"),
            EntryKind.Missing => throw new ItemFailedException($"the file '{path}' does not exist{(IsLink(path) ? " (it is a symbolic link to a missing target)" : string.Empty)}"),
            _ => path,
        };
    }

    /// <summary>The resolved path of an existing folder named by <paramref name="input"/> (a link to a folder counts).</summary>
    public static string ExistingFolder(ItemInputs item, string input = "path")
    {
        var raw = item.Required(input);
        var path = FsPath.Resolve(raw, input);
        return Followed(path) switch
        {
            EntryKind.File => throw new ItemFailedException($"'{path}' is a file, not a folder"),
            EntryKind.Missing => throw new ItemFailedException($"the folder '{path}' does not exist"),
            _ => path,
        };
    }

    // ---- Used by the copy and move modules (lstat-based: a final link is reported as a link). ----

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

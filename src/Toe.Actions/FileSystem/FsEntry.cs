namespace Toe.Actions.FileSystem;

/// <summary>What a path holds, following symbolic links or not.</summary>
public enum EntryKind
{
    Missing,
    File,
    Folder,
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
}

namespace Toe.Actions.FileSystem;

/// <summary>
/// CopyFolder and MoveFolder (docs/compatibility.md, "File-system modules"):
/// <list type="bullet">
/// <item>the destination ending in '/' receives the source under its own name; otherwise the destination IS the copy;</item>
/// <item>a destination that does not exist is built in a hidden staging folder beside it and renamed into place,
/// so it appears whole or not at all;</item>
/// <item>an existing destination folder is merged into (overwrite true, the default): same-named files are
/// replaced, other entries of the destination stay. The source is staged inside the destination first, then
/// moved in by renames, and type clashes (a file where the destination has a folder) are refused before
/// anything is copied; overwrite false fails when the destination folder exists;</item>
/// <item>a folder is never copied or moved into itself, and links inside the trees are never followed.</item>
/// </list>
/// </summary>
internal static class FolderTransfer
{
    public static void Copy(TransferRequest request, CancellationToken cancellationToken)
    {
        foreach (var (source, target, merge) in Plan(request, move: false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (merge)
                {
                    var staging = FsEntry.StagingPathInside(target);
                    CopyStaged(source, staging, cancellationToken);
                    MergeStaged(staging, target);
                }
                else
                {
                    FsEntry.CreateParents(target);
                    var staging = FsEntry.StagingPathBeside(target);
                    CopyStaged(source, staging, cancellationToken);
                    RenameStaged(staging, target);
                }
            }
            catch (UnauthorizedAccessException)
            {
                // The exception names the staging folder; the author needs the target.
                throw new ItemFailedException($"permission denied: cannot write '{target}' (check the permissions of '{(merge ? target : Path.GetDirectoryName(target))}')");
            }
        }
    }

    public static void Move(TransferRequest request, CancellationToken cancellationToken)
    {
        foreach (var (source, target, merge) in Plan(request, move: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (merge)
            {
                var staging = FsEntry.StagingPathInside(target);
                var copied = !NativeFs.TryRename(source, staging);
                if (copied)
                {
                    CopyStaged(source, staging, cancellationToken);
                }

                try
                {
                    MergeStaged(staging, target);
                }
                catch when (!copied)
                {
                    TryRenameBack(staging, source);
                    throw;
                }

                if (copied)
                {
                    RemoveSource(source, target);
                }
            }
            else
            {
                FsEntry.CreateParents(target);
                if (NativeFs.TryRename(source, target))
                {
                    continue;
                }

                // Another file system: a whole copy first, then the source goes.
                var staging = FsEntry.StagingPathBeside(target);
                CopyStaged(source, staging, cancellationToken);
                RenameStaged(staging, target);
                RemoveSource(source, target);
            }
        }
    }

    private static List<(string Source, string Target, bool Merge)> Plan(TransferRequest request, bool move)
    {
        var sources = request.Sources("folder", path => move ? FsEntry.KindOf(path) == EntryKind.Folder : Directory.Exists(path));
        var plan = new List<(string, string, bool)>();
        foreach (var source in sources)
        {
            CheckSource(request, source, move);
            var target = request.TargetFor(source);
            CheckNotInside(request, source, target, move);
            var merge = CheckTarget(request, target);
            if (merge)
            {
                CheckMergeable(source, target);
            }

            plan.Add((source, target, merge));
        }

        return plan;
    }

    private static void CheckSource(TransferRequest request, string source, bool move)
    {
        var fileModule = move ? "MoveFile" : "CopyFile";
        switch (FsEntry.KindOf(source))
        {
            case EntryKind.Missing:
                throw new ItemFailedException($"the source folder '{source}' does not exist");
            case EntryKind.File:
                throw new ItemFailedException($"'{source}' is a file; use {fileModule} for files");
            case EntryKind.Link when !Directory.Exists(source):
                throw new ItemFailedException($"'{source}' is a symbolic link to '{FsEntry.LinkText(source)}', not a folder; use {fileModule} for files and links");
            case EntryKind.Link when move:
                throw new ItemFailedException($"'{source}' is a symbolic link to a folder; {request.Module} moves folders, not links (move the link itself with MoveFile)");
        }
    }

    private static void CheckNotInside(TransferRequest request, string source, string target, bool move)
    {
        var realSource = FsEntry.RealPath(source);
        var realTarget = FsEntry.RealPath(target);
        var verb = move ? "move" : "copy";
        if (realSource == realTarget)
        {
            throw new ItemFailedException($"source and destination are the same folder ('{source}'); nothing to {verb}");
        }

        if (FsEntry.IsSameOrInside(realTarget, realSource))
        {
            throw new ItemFailedException($"cannot {verb} the folder '{source}' into itself: the destination '{target}' is inside it; choose a destination outside the source folder");
        }
    }

    /// <summary>True when the target is an existing folder to merge into; false when it does not exist.</summary>
    private static bool CheckTarget(TransferRequest request, string target)
    {
        var kind = FsEntry.KindOf(target);
        if (kind == EntryKind.Missing)
        {
            return false;
        }

        if (!Directory.Exists(target))
        {
            throw new ItemFailedException($"'{target}' is a file; {request.Module} does not replace a file with a folder (remove it first, or choose another destination)");
        }

        return request.Overwrite
            ? true
            : throw new ItemFailedException($"the folder '{target}' already exists and overwrite is false");
    }

    /// <summary>Refuses, before anything is copied, a source entry whose counterpart in the destination is of the other kind.</summary>
    private static void CheckMergeable(string source, string target)
    {
        var existing = DirEntries.Map(target);
        foreach (var entry in DirEntries.Read(source))
        {
            if (!existing.TryGetValue(entry.Name, out var there))
            {
                continue;
            }

            var from = Path.Join(source, entry.Name);
            var to = Path.Join(target, entry.Name);
            var sourceIsFolder = entry.Kind == EntryKind.Folder;
            if (sourceIsFolder && there == EntryKind.Folder)
            {
                CheckMergeable(from, to);
            }
            else if (sourceIsFolder || there == EntryKind.Folder)
            {
                // A link in the destination counts as a file: merging never writes through a link.
                throw new ItemFailedException(
                    $"cannot merge: '{to}' is {Describe(there)} but '{from}' is {Describe(entry.Kind)}; nothing was changed (remove '{to}' first)");
            }
        }
    }

    private static string Describe(EntryKind kind) => kind switch
    {
        EntryKind.Folder => "a folder",
        EntryKind.Link => "a symbolic link",
        _ => "a file",
    };

    private static void CopyStaged(string source, string staging, CancellationToken cancellationToken)
    {
        try
        {
            TreeCopier.Copy(source, staging, cancellationToken);
        }
        catch
        {
            FsEntry.TryDeleteTree(staging);
            throw;
        }
    }

    private static void RenameStaged(string staging, string target)
    {
        try
        {
            if (!NativeFs.TryRename(staging, target))
            {
                throw new IOException($"cannot rename '{staging}' to '{target}': they are on different file systems");
            }
        }
        catch
        {
            FsEntry.TryDeleteTree(staging);
            throw;
        }
    }

    /// <summary>Moves the staged tree's entries into the existing target by renames (each file replaced atomically), then removes the staging folder.</summary>
    private static void MergeStaged(string staging, string target)
    {
        MergeInto(staging, target);
        Directory.Delete(staging, recursive: true);
    }

    private static void MergeInto(string from, string into)
    {
        var existing = DirEntries.Map(into);
        foreach (var entry in DirEntries.Read(from).ToList())
        {
            var source = Path.Join(from, entry.Name);
            var target = Path.Join(into, entry.Name);
            if (entry.Kind == EntryKind.Folder && existing.TryGetValue(entry.Name, out var there) && there == EntryKind.Folder)
            {
                MergeInto(source, target);
                continue;
            }

            if (!NativeFs.TryRename(source, target))
            {
                throw new IOException($"cannot move '{source}' to '{target}': they are on different file systems");
            }
        }
    }

    private static void TryRenameBack(string staging, string source)
    {
        try
        {
            NativeFs.TryRename(staging, source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; what is left sits in the staging folder the message names.
        }
    }

    private static void RemoveSource(string source, string target)
    {
        try
        {
            Directory.Delete(source, recursive: true); // does not follow links inside the tree
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemFailedException($"copied to '{target}' but cannot remove all of the source folder '{source}' ({ex.Message})");
        }
    }
}

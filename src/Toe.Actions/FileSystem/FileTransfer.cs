namespace Toe.Actions.FileSystem;

/// <summary>
/// CopyFile and MoveFile. Every source and target of an item is checked before the first file is touched
/// (so a wildcard item with one bad match changes nothing); each file then arrives whole or not at all:
/// a copy goes through a temporary file renamed into place, a move is a rename (or, across file systems,
/// such a copy followed by removing the source).
/// </summary>
internal static class FileTransfer
{
    public static void Copy(TransferRequest request, CancellationToken cancellationToken)
    {
        foreach (var (source, target) in Plan(request, move: false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FsEntry.CreateParents(target);
            try
            {
                AtomicFile.Copy(source, target, request.Overwrite);
            }
            catch (UnauthorizedAccessException)
            {
                // The exception names the temporary file; the author needs the target.
                throw new ItemFailedException($"permission denied: cannot write '{target}' (check the permissions of '{Path.GetDirectoryName(target)}')");
            }
            catch (FileNotFoundException) when (!FsEntry.IsFileOrLinkToFile(source))
            {
                throw new ItemFailedException($"the source file '{source}' disappeared while it was being copied; nothing was written to '{target}'");
            }
        }
    }

    public static void Move(TransferRequest request, CancellationToken cancellationToken)
    {
        foreach (var (source, target) in Plan(request, move: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FsEntry.CreateParents(target);
            MoveOne(source, target, request.Overwrite);
        }
    }

    private static List<(string Source, string Target)> Plan(TransferRequest request, bool move)
    {
        if (FsPath.NamesFolder(request.SourceInput))
        {
            throw new ItemFailedException($"'source' ends with '/', which names a folder; {request.Module} takes files (use {FolderModule(move)} for folders)");
        }

        // MoveFile moves a symbolic link itself, as mv does; CopyFile copies what the link points to, as cp does.
        var sources = request.Sources("file", path => move ? IsMovableFile(path) : FsEntry.IsFileOrLinkToFile(path));
        var plan = new List<(string, string)>();
        foreach (var source in sources)
        {
            CheckSource(source, move);
            var target = request.TargetFor(source);
            if (!request.IntoFolder && Directory.Exists(target))
            {
                // An existing folder without a trailing '/': into it, as cp and mv do (and the page's Windows examples).
                target = Path.Join(target, Path.GetFileName(source));
            }

            CheckTarget(request, source, target, move);
            plan.Add((source, target));
        }

        return plan;
    }

    private static bool IsMovableFile(string path) => FsEntry.KindOf(path) switch
    {
        EntryKind.File => true,
        EntryKind.Link => !Directory.Exists(path),
        _ => false,
    };

    private static void CheckSource(string source, bool move)
    {
        switch (FsEntry.KindOf(source))
        {
            case EntryKind.Missing:
                throw new ItemFailedException($"the source file '{source}' does not exist");
            case EntryKind.Folder:
                throw new ItemFailedException($"'{source}' is a folder; use {FolderModule(move)} for folders");
            case EntryKind.Link when Directory.Exists(source):
                throw new ItemFailedException($"'{source}' is a symbolic link to a folder; use {FolderModule(move)} for folders");
            case EntryKind.Link when !move && !FsEntry.IsFileOrLinkToFile(source):
                throw new ItemFailedException($"the source '{source}' is a symbolic link to '{FsEntry.LinkText(source)}', which does not exist");
        }

        if (!move && NativeFs.SpecialKind(source) is { } special)
        {
            throw new ItemFailedException($"the source '{source}' is {special}, not a file; nothing was copied");
        }
    }

    private static void CheckTarget(TransferRequest request, string source, string target, bool move)
    {
        var kind = FsEntry.KindOf(target);
        if (kind == EntryKind.Missing)
        {
            return;
        }

        if (Directory.Exists(target))
        {
            throw new ItemFailedException($"a folder is at '{target}'; {request.Module} does not replace a folder with a file (remove it first, or end 'destination' with '/')");
        }

        // Compared physically (links resolved): copying a file onto itself must fail, never truncate it.
        var same = move
            ? FsEntry.RealPath(Path.GetDirectoryName(source)!) == FsEntry.RealPath(Path.GetDirectoryName(target)!) && Path.GetFileName(source) == Path.GetFileName(target)
            : FsEntry.RealPath(source) == FsEntry.RealPath(target);
        if (same)
        {
            throw new ItemFailedException($"source and destination are the same file ('{target}'); nothing was {(move ? "moved" : "copied")}");
        }

        if (!request.Overwrite)
        {
            throw new ItemFailedException($"'{target}' already exists and overwrite is false");
        }
    }

    private static void MoveOne(string source, string target, bool overwrite)
    {
        if (overwrite || FsEntry.KindOf(source) == EntryKind.Link)
        {
            // A link source skips link(2): on some systems it would hard-link the link's target instead.
            if (!overwrite && FsEntry.KindOf(target) != EntryKind.Missing)
            {
                throw new ItemFailedException($"'{target}' already exists and overwrite is false");
            }

            if (!NativeFs.TryRename(source, target))
            {
                MoveAcrossFileSystems(source, target, overwrite);
            }

            return;
        }

        // overwrite false: link(2) refuses an existing target atomically, then the source name goes.
        switch (NativeFs.TryLink(source, target))
        {
            case NativeFs.LinkOutcome.Linked:
                RemoveSourceOrUndo(source, target);
                return;
            case NativeFs.LinkOutcome.TargetExists:
                throw new ItemFailedException($"'{target}' already exists and overwrite is false");
            case NativeFs.LinkOutcome.CrossDevice:
                MoveAcrossFileSystems(source, target, overwrite: false);
                return;
            default:
                if (FsEntry.KindOf(target) != EntryKind.Missing)
                {
                    throw new ItemFailedException($"'{target}' already exists and overwrite is false");
                }

                if (!NativeFs.TryRename(source, target))
                {
                    MoveAcrossFileSystems(source, target, overwrite: false);
                }

                return;
        }
    }

    /// <summary>Another file system: a whole copy arrives first (temporary file + rename), then the source goes.</summary>
    private static void MoveAcrossFileSystems(string source, string target, bool overwrite)
    {
        var replacing = FsEntry.KindOf(target) != EntryKind.Missing;
        if (FsEntry.KindOf(source) == EntryKind.Link)
        {
            var temporary = AtomicFile.TemporaryPathFor(target);
            try
            {
                File.CreateSymbolicLink(temporary, FsEntry.LinkText(source)!);
                File.Move(temporary, target, overwrite);
            }
            catch
            {
                AtomicFile.TryDelete(temporary);
                throw;
            }
        }
        else
        {
            AtomicFile.Copy(source, target, overwrite);
        }

        RemoveSourceOrUndo(source, target, undo: !replacing);
    }

    /// <summary>The last half of a move. When the source cannot go, the new name is taken back if that loses nothing.</summary>
    private static void RemoveSourceOrUndo(string source, string target, bool undo = true)
    {
        try
        {
            File.Delete(source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!undo)
            {
                throw new ItemFailedException($"copied to '{target}' but cannot remove the source '{source}' ({ex.Message})");
            }

            AtomicFile.TryDelete(target);
            throw new ItemFailedException($"cannot remove the source '{source}' ({ex.Message}); nothing was moved");
        }
    }

    private static string FolderModule(bool move) => move ? "MoveFolder" : "CopyFolder";
}

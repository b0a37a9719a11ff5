using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions.FileSystem;

/// <summary>
/// DeleteFile: deletes a file, or every file in one folder whose name matches a <c>*</c> pattern written after
/// the last separator (not in subfolders; folders are never deleted, links are deleted themselves, never their
/// targets). A file or pattern that finds nothing is not an error: the file is gone, which is what the step asks
/// for (the documented errors do not list a missing file); a line in console.log says so. A folder at the path is
/// an error pointing to DeleteFolder.
/// </summary>
public sealed class DeleteFile : ListInputModule
{
    public override string Name => "DeleteFile";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var raw = item.Required("path");
        if (FsPath.NamesFolder(raw))
        {
            throw new ItemFailedException($"'{raw}' ends with a path separator, which names a folder; DeleteFile deletes files (use DeleteFolder for folders)");
        }

        // A '*' before the last separator is refused by SplitWildcard rather than taken literally.
        if (raw.Contains('*', StringComparison.Ordinal))
        {
            DeleteMatching(raw, context, cancellationToken);
        }
        else
        {
            DeleteOne(FsPath.Resolve(raw), context);
        }

        return Task.FromResult<string?>(null);
    }

    private void DeleteOne(string path, ActionContext context)
    {
        if (FsEntry.IsLink(path))
        {
            File.Delete(path); // the link, not what it points to
        }
        else if (Directory.Exists(path))
        {
            throw new ItemFailedException($"'{path}' is a folder, not a file; use DeleteFolder to delete folders");
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
        else
        {
            context.Output.WriteLine(OutputKind.Stdout, $"{Name}: '{path}' does not exist; nothing to delete");
        }
    }

    private void DeleteMatching(string raw, ActionContext context, CancellationToken cancellationToken)
    {
        var (folder, pattern) = FsPath.SplitWildcard(raw, "path");
        var matches = Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
                .Where(e => (e is FileInfo || e.LinkTarget is not null) && FsPath.Matches(pattern, e.Name))
                .Select(e => Path.Combine(folder, e.Name))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (matches.Count == 0)
        {
            context.Output.WriteLine(OutputKind.Stdout, $"{Name}: no file matches '{Path.Combine(folder, pattern)}'; nothing to delete");
            return;
        }

        foreach (var file in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(file);
        }
    }
}

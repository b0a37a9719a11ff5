using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// CreateSymlink: creates a symbolic link at <c>path</c> pointing to <c>target</c>, which must exist. Both may
/// be relative to the working directory; the link stores the target's absolute path, so it points where the
/// author meant wherever the link lives. Missing parent folders are created. An existing link is an error
/// unless <c>force: true</c>, which replaces it; an existing
/// file or folder that is not a link is always an error: force never deletes real data.
/// </summary>
public sealed class CreateSymlink : ListInputModule
{
    public override string Name => "CreateSymlink";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var rawPath = item.Required("path");
        var rawTarget = item.Required("target");
        var force = item.Boolean("force", defaultValue: false);
        if (FsPath.NamesFolder(rawPath))
        {
            throw new ItemFailedException($"input 'path' ('{rawPath}') ends with a path separator; give the full name of the link to create");
        }

        var link = FsPath.Resolve(rawPath);
        var target = FsPath.Resolve(rawTarget, "target");
        if (FsEntry.Followed(target) == EntryKind.Missing)
        {
            throw new ItemFailedException($"the target '{target}' does not exist");
        }

        if (FsEntry.IsLink(link))
        {
            if (!force)
            {
                throw new ItemFailedException($"a symbolic link '{link}' already exists (pointing to '{new FileInfo(link).LinkTarget}'); set force: true to replace it");
            }

            Replace(link, target);
        }
        else if (FsEntry.Followed(link) is var existing && existing != EntryKind.Missing)
        {
            throw new ItemFailedException(
                $"'{link}' already exists and is a {(existing == EntryKind.Folder ? "folder" : "file")}, not a symbolic link; " +
                "CreateSymlink replaces only links, even with force: true. Delete it first (DeleteFile or DeleteFolder) if it should go");
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, target);
        }

        return Task.FromResult<string?>(null);
    }

    /// <summary>
    /// Removes the old link and creates the new one, as <c>ln -sf</c> does. (A rename over the old link would
    /// leave no gap, but .NET's File.Move refuses a link to a folder as its source.)
    /// </summary>
    private static void Replace(string link, string target)
    {
        File.Delete(link);
        File.CreateSymbolicLink(link, target);
    }
}

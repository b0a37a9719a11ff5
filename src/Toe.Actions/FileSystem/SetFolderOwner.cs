using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// SetFolderOwner: gives an existing folder to <c>owner</c> and <c>group</c> (default: the owner's primary
/// group), and with <c>recursive</c> (default true) everything below it. The folder named is followed
/// when it is a symbolic link; below it, links are never followed: a link itself changes owner
/// (lchown, as <c>chown -R</c> does), what it points to does not. Not supported on Windows.
/// </summary>
public sealed class SetFolderOwner : ListInputModule
{
    public override string Name => "SetFolderOwner";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var owner = item.Required("owner");
        var group = CreationProperties.NonEmpty(item, "group");
        var recursive = item.Boolean("recursive", defaultValue: true);
        if (OperatingSystem.IsWindows())
        {
            throw new ItemFailedException("SetFolderOwner is not supported on Windows");
        }

        var change = OwnerChange.Resolve(owner, group);
        PosixFileSystem.RequireFolder(path, "SetFileOwner");
        PosixFileSystem.ChangeOwner(path, change, followLink: true);
        if (recursive)
        {
            ChangeContents(path, change, cancellationToken);
        }

        return Task.FromResult<string?>(null);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void ChangeContents(string folder, OwnerChange change, CancellationToken cancellationToken) =>
        PhysicalTreeWalk.Walk(folder, (entry, _) => PosixFileSystem.ChangeOwner(entry, change, followLink: false), beforeContents: true, cancellationToken);
}

using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// SetFileOwner: gives an existing file to <c>owner</c> (a name or numeric id) and <c>group</c> (default:
/// the owner's primary group). A symbolic link is followed: the file it points to changes, as documented.
/// Not supported on Windows.
/// </summary>
public sealed class SetFileOwner : ListInputModule
{
    public override string Name => "SetFileOwner";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var owner = item.Required("owner");
        var group = CreationProperties.NonEmpty(item, "group");
        if (OperatingSystem.IsWindows())
        {
            throw new ItemFailedException("SetFileOwner is not supported on Windows");
        }

        var change = OwnerChange.Resolve(owner, group);
        PosixFileSystem.RequireFile(path, "SetFolderOwner");
        PosixFileSystem.ChangeOwner(path, change, followLink: true);
        return Task.FromResult<string?>(null);
    }
}

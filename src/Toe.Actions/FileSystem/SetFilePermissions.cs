using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// SetFilePermissions: sets an existing file's mode to the octal <c>permissions</c>, exactly (the umask
/// plays no part, as with chmod). A symbolic link is followed. Not supported on Windows.
/// </summary>
public sealed class SetFilePermissions : ListInputModule
{
    public override string Name => "SetFilePermissions";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var mode = OctalPermissions.Parse(item.Required("permissions"));
        if (OperatingSystem.IsWindows())
        {
            throw new ItemFailedException("SetFilePermissions is not supported on Windows");
        }

        PosixFileSystem.RequireFile(path, "SetFolderPermissions");
        PosixFileSystem.ChangeMode(path, mode);
        return Task.FromResult<string?>(null);
    }
}

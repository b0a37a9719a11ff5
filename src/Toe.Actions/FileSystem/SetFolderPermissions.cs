using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// SetFolderPermissions: sets an existing folder's mode to the octal <c>permissions</c>, exactly, and with
/// <c>recursive</c> (default true) the same mode on every file and folder below it, like <c>chmod -R</c>.
/// Symbolic links below the folder are skipped, never followed (a link has no mode of its own on Linux
/// and following it could leave the tree). Not supported on Windows.
/// </summary>
public sealed class SetFolderPermissions : ListInputModule
{
    private const UnixFileMode OwnerCanList = UnixFileMode.UserRead | UnixFileMode.UserExecute;

    public override string Name => "SetFolderPermissions";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var mode = OctalPermissions.Parse(item.Required("permissions"));
        var recursive = item.Boolean("recursive", defaultValue: true);
        if (OperatingSystem.IsWindows())
        {
            throw new ItemFailedException("SetFolderPermissions is not supported on Windows");
        }

        PosixFileSystem.RequireFolder(path, "SetFilePermissions");
        if (!recursive)
        {
            PosixFileSystem.ChangeMode(path, mode);
            return Task.FromResult<string?>(null);
        }

        // A mode that lets the owner list a folder is set before its contents are visited; one that
        // does not (0600, 0000) after them, so an ordinary user can still walk the whole tree.
        var first = (mode & OwnerCanList) == OwnerCanList;
        if (first)
        {
            PosixFileSystem.ChangeMode(path, mode);
        }

        ChangeContents(path, mode, first, cancellationToken);
        if (!first)
        {
            PosixFileSystem.ChangeMode(path, mode);
        }

        return Task.FromResult<string?>(null);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void ChangeContents(string folder, UnixFileMode mode, bool foldersFirst, CancellationToken cancellationToken) =>
        PhysicalTreeWalk.Walk(
            folder,
            (entry, kind) =>
            {
                if (kind != PhysicalTreeWalk.Kind.Symlink)
                {
                    PosixFileSystem.ChangeMode(entry, mode);
                }
            },
            foldersFirst,
            cancellationToken);
}

using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// CreateFolder: creates <c>path</c> and its missing parents. The page's "overwrite truncates or overwrites
/// the existing folder" is read the safe way: an existing folder is never emptied or replaced; with
/// overwrite true (the default) it is kept and given the item's owner, group and permissions, with
/// overwrite false it is a failure (docs/compatibility.md, "File-system modules"). A new folder that
/// gets an owner or permissions is prepared under a temporary name and renamed into place, so it never
/// exists with the wrong ones; the parents created on the way get the defaults (like <c>mkdir -p -m</c>).
/// </summary>
public sealed class CreateFolder : ListInputModule
{
    public override string Name => "CreateFolder";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var overwrite = item.Boolean("overwrite", defaultValue: true);
        var properties = CreationProperties.Read(item, Name);

        if (Directory.Exists(path))
        {
            if (!overwrite)
            {
                throw new ItemFailedException($"the folder '{path}' already exists and overwrite is false");
            }

            properties.ApplyTo(path, path);
            return Task.FromResult<string?>(null);
        }

        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            throw new ItemFailedException($"'{path}' is a file, not a folder; CreateFolder does not replace files (remove it or choose another path)");
        }

        ParentFolders.Create(path);
        if (properties.IsEmpty)
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            CreatePrepared(path, properties);
        }

        return Task.FromResult<string?>(null);
    }

    private static void CreatePrepared(string path, CreationProperties properties)
    {
        var temporary = AtomicFile.TemporaryPathFor(path);
        try
        {
            // While a mode is pending, only the owner can enter the folder; otherwise it starts with the defaults.
            if (OperatingSystem.IsWindows() || properties.Mode is null)
            {
                Directory.CreateDirectory(temporary);
            }
            else
            {
                Directory.CreateDirectory(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            properties.ApplyTo(temporary, path);
            Directory.Move(temporary, path);
        }
        catch
        {
            try
            {
                Directory.Delete(temporary);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            throw;
        }
    }
}

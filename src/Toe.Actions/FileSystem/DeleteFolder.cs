using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions.FileSystem;

/// <summary>
/// DeleteFolder: deletes a folder; one that is not empty only with <c>force: true</c>, which deletes its
/// contents too (links inside are removed, never followed). A link to a folder is removed itself; what it points
/// to stays. A folder that does not exist is not an error (the step's goal holds; a line in console.log says so),
/// a file at the path is. The root folder is refused whatever <c>force</c> says.
/// </summary>
public sealed class DeleteFolder : ListInputModule
{
    public override string Name => "DeleteFolder";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsPath.Resolve(item.Required("path"));
        var force = item.Boolean("force", defaultValue: false);

        if (string.Equals(Path.GetPathRoot(path), path, StringComparison.Ordinal))
        {
            throw new ItemFailedException($"refusing to delete the root folder '{path}'");
        }

        if (FsEntry.IsLink(path))
        {
            if (!Directory.Exists(path))
            {
                throw new ItemFailedException($"'{path}' is a symbolic link to a file or to nothing, not a folder; use DeleteFile to delete it");
            }

            File.Delete(path);
        }
        else if (File.Exists(path))
        {
            throw new ItemFailedException($"'{path}' is a file, not a folder; use DeleteFile to delete files");
        }
        else if (!Directory.Exists(path))
        {
            context.Output.WriteLine(OutputKind.Stdout, $"{Name}: '{path}' does not exist; nothing to delete");
        }
        else if (force)
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            var entries = Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { AttributesToSkip = 0 }).Take(1000).Count();
            if (entries > 0)
            {
                var count = entries switch { 1 => "1 entry", >= 1000 => "1000 or more entries", _ => $"{entries} entries" };
                throw new ItemFailedException($"the folder '{path}' is not empty ({count}); set force: true to delete it with its contents");
            }

            Directory.Delete(path);
        }

        return Task.FromResult<string?>(null);
    }
}

using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// CreateFile: writes <c>content</c> (default: none, an empty file) in <c>encoding</c> to <c>path</c>,
/// creating missing parent folders. The bytes, owner, group and mode go to a temporary file beside the
/// target, which is then renamed onto it, so the file never exists half-written or with the wrong
/// owner or mode. Replacing an existing file keeps its owner, group and mode unless the item gives
/// them, as truncating it in place would; a symbolic link at <c>path</c> is followed, as an
/// in-place write would (docs/compatibility.md, "File-system modules").
/// </summary>
public sealed class CreateFile : ListInputModule
{
    public override string Name => "CreateFile";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var raw = item.Required("path");
        if (FsPath.NamesFolder(raw))
        {
            throw new ItemFailedException("the path ends with a separator, which names a folder; give a file name (use CreateFolder for folders)");
        }

        var path = FsPath.Resolve(raw);
        var content = item.Optional("content") ?? string.Empty;
        var encoding = TextEncodings.Parse(item.Optional("encoding"));
        var overwrite = item.Boolean("overwrite", defaultValue: true);
        var properties = CreationProperties.Read(item, Name);

        if (!overwrite && new FileInfo(path).LinkTarget is not null)
        {
            throw new ItemFailedException($"'{path}' already exists (a symbolic link) and overwrite is false");
        }

        var target = FollowLinks(path);
        if (Directory.Exists(target))
        {
            throw new ItemFailedException($"'{target}' is a folder; CreateFile creates files (remove the folder or choose another path)");
        }

        var exists = File.Exists(target);
        if (exists && !OperatingSystem.IsWindows() && PosixFileSystem.Status(target, followLink: true) is { IsRegularFile: false })
        {
            // Renaming a new file onto a device or pipe would replace it rather than write to it.
            throw new ItemFailedException($"'{target}' is a device, pipe or socket, not a regular file; CreateFile replaces only regular files");
        }

        if (exists && !overwrite)
        {
            throw new ItemFailedException($"'{target}' already exists and overwrite is false");
        }

        ParentFolders.Create(target);
        var final = exists ? properties.KeepingFrom(target) : properties;

        // An empty content gives an empty file, without a byte-order mark, whatever the encoding.
        var bytes = content.Length == 0 ? [] : TextEncodings.Encode(encoding, content, withPreamble: true);

        // While a mode is pending, the temporary file is readable by its owner only (the content may be secret).
        UnixFileMode? createMode = final.Mode is null ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        AtomicFile.Write(target, stream => stream.Write(bytes), overwrite, createMode, temporary => final.ApplyTo(temporary, target));
        return Task.FromResult<string?>(null);
    }

    /// <summary>The file a symbolic link at <paramref name="path"/> finally points to (a chain of links is followed); the path itself otherwise.</summary>
    private static string FollowLinks(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return path;
        }

        try
        {
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException ex)
        {
            throw new ItemFailedException($"'{path}' is a symbolic link that cannot be followed: {ex.Message}");
        }
    }
}

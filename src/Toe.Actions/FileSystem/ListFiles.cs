using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// ListFiles: the files of a folder (and of its subfolders with <c>recursive: true</c>) whose names match
/// <c>fileNamePattern</c> (<c>*</c> wildcard; default every file), as the <c>files</c> output: full paths,
/// sorted ordinally (deterministic), comma-separated, as AWS's example shows. Folders are not listed; links
/// to files are (as links, under their own path); links to folders are neither listed nor followed, so a
/// link cycle cannot make the listing endless. Several items: their lists are joined with commas, in item order.
/// </summary>
public sealed class ListFiles : ListInputModule
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        AttributesToSkip = 0, // hidden files are files too
        IgnoreInaccessible = false, // an unreadable subfolder is a failure, not a silently shorter list
        RecurseSubdirectories = false,
        MatchType = MatchType.Simple,
    };

    public override string Name => "ListFiles";

    protected override string? OutputName => "files";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        if (item.Optional("path") is { } raw && raw.Contains('*', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input 'path' ('{raw}') must name a folder; put the wildcard in 'fileNamePattern'");
        }

        var folder = FsEntry.ExistingFolder(item);
        var pattern = Pattern(item.Optional("fileNamePattern"));
        var recursive = item.Boolean("recursive", defaultValue: false);

        var files = new List<string>();
        Collect(folder, pattern, recursive, files, cancellationToken);
        files.Sort(StringComparer.Ordinal);

        // An empty listing adds nothing to the joined output (no ",," between items).
        return Task.FromResult(files.Count == 0 ? null : string.Join(',', files));
    }

    private static string Pattern(string? raw)
    {
        if (raw is null)
        {
            return "*";
        }

        if (raw.Length == 0)
        {
            throw new ItemFailedException("input 'fileNamePattern' is empty; leave it out to list every file");
        }

        if (raw.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && raw.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ItemFailedException($"input 'fileNamePattern' ('{raw}') must be a file name pattern without a path separator; put the folder in 'path'");
        }

        return raw;
    }

    private static void Collect(string folder, string pattern, bool recursive, List<string> files, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", OneLevel))
        {
            var full = Path.Combine(folder, entry.Name);
            if (entry is DirectoryInfo)
            {
                if (recursive && entry.LinkTarget is null)
                {
                    Collect(full, pattern, recursive, files, cancellationToken);
                }
            }
            else if (FsPath.Matches(pattern, entry.Name))
            {
                files.Add(full);
            }
        }
    }
}

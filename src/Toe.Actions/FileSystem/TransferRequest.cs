namespace Toe.Actions.FileSystem;

/// <summary>
/// One item of CopyFile, CopyFolder, MoveFile or MoveFolder: its inputs, and the source paths it names
/// (one, or every match of a <c>*</c> wildcard in the last segment).
/// </summary>
internal sealed class TransferRequest
{
    private TransferRequest(string module, string sourceInput, string destinationInput, bool overwrite)
    {
        Module = module;
        SourceInput = sourceInput;
        DestinationInput = destinationInput;
        Overwrite = overwrite;
        Destination = FsPath.Resolve(destinationInput, "destination");
    }

    public string Module { get; }

    public string SourceInput { get; }

    public string DestinationInput { get; }

    /// <summary>The resolved destination path (no trailing separator).</summary>
    public string Destination { get; }

    /// <summary>The documented default is true, as for <c>cp</c> and <c>mv</c>.</summary>
    public bool Overwrite { get; }

    /// <summary>A trailing separator: the destination is the folder that receives the source under its own name.</summary>
    public bool IntoFolder => FsPath.NamesFolder(DestinationInput);

    public bool HasWildcard => FsPath.HasWildcard(SourceInput);

    public static TransferRequest Read(string module, ItemInputs item)
    {
        var source = item.Required("source");
        var destination = item.Required("destination");
        var overwrite = item.Boolean("overwrite", defaultValue: true);
        if (destination.Contains('*', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input 'destination' ('{destination}') cannot hold a wildcard; name a file or a folder ending with '/'");
        }

        return new TransferRequest(module, source, destination, overwrite);
    }

    /// <summary>
    /// The source paths: the one named, or the entries matching the wildcard that <paramref name="accepts"/>
    /// (files for the file modules, folders for the folder modules), in ordinal order. A wildcard needs a
    /// destination folder (trailing separator) and at least one match.
    /// </summary>
    public IReadOnlyList<string> Sources(string what, Func<string, bool> accepts)
    {
        if (!HasWildcard)
        {
            if (SourceInput.Contains('*', StringComparison.Ordinal))
            {
                throw new ItemFailedException($"input 'source': a wildcard is accepted only after the last path separator ('{SourceInput}')");
            }

            return [FsPath.Resolve(SourceInput, "source")];
        }

        if (!IntoFolder)
        {
            throw new ItemFailedException(
                $"'source' has a wildcard, so 'destination' must end with '/' to name the folder that receives the matching {what}s (got '{DestinationInput}')");
        }

        var (folder, pattern) = FsPath.SplitWildcard(SourceInput, "source");
        if (!Directory.Exists(folder))
        {
            throw new ItemFailedException($"the source folder '{folder}' does not exist");
        }

        var matches = DirEntries.Read(folder)
            .Where(entry => FsPath.Matches(pattern, entry.Name))
            .Select(entry => Path.Join(folder, entry.Name))
            .Where(accepts)
            .Order(StringComparer.Ordinal)
            .ToList();
        return matches.Count > 0 ? matches : throw new ItemFailedException($"no {what} matches '{pattern}' in '{folder}'");
    }

    /// <summary>Where <paramref name="source"/> goes: inside the destination folder under its own name, or the destination itself.</summary>
    public string TargetFor(string source) => IntoFolder ? Path.Join(Destination, Path.GetFileName(source)) : Destination;
}

using Toe.Actions.FileSystem;
using Toe.Aws;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// S3Upload: a file to an object (or into a key prefix ending in '/'), the files matching a <c>*</c>
/// wildcard to a key prefix, or a folder's tree with <c>recurse: true</c>. Without recurse, folders
/// matched by a wildcard are skipped (the documented example "does not copy sub-folders"). Local
/// names become key segments joined by '/'. Large files go up as multipart uploads; several files are
/// uploaded at a time. Objects already uploaded stay when a later one fails (as AWSTOE documents).
/// </summary>
public sealed class S3Upload : ListInputModule
{
    private readonly S3ClientFactory _clients;

    public S3Upload(S3ClientFactory? clients = null)
    {
        _clients = clients ?? S3ClientFactory.Default;
    }

    public override string Name => "S3Upload";

    protected internal override async Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var sourceText = item.Required("source");
        var destinationText = item.Required("destination").Trim();
        var owner = S3Inputs.Owner(item);
        var recurse = item.Boolean("recurse", false); // documented as the string "true"/"false"; a YAML boolean works too
        var destination = S3Inputs.Location(destinationText, "destination");
        var uploads = Plan(sourceText, destination, recurse);

        using var transfer = new S3Transfer(_clients);
        var options = new ParallelOptions { MaxDegreeOfParallelism = transfer.Parallelism, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(uploads, options, async (upload, ct) =>
            {
                try
                {
                    await transfer.UploadFileAsync(upload.File, upload.Target, owner, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, ct))
                {
                    throw new S3FailureException($"'{upload.File}' -> {S3Errors.Describe(ex, upload.Target.ToString(), owner)}", ex);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken))
        {
            throw new ItemFailedException(ex is S3FailureException ? ex.Message : S3Errors.Describe(ex, destinationText, owner), ex);
        }

        context.Output.WriteLine(Processes.OutputKind.Stdout, uploads.Count == 1
            ? $"S3Upload: {uploads[0].File} -> {uploads[0].Target}"
            : $"S3Upload: {uploads.Count} files -> s3://{destination.Bucket}/{Prefix(destination)}");
        return null;
    }

    /// <summary>Which local file goes to which key. Every file is found before the first upload.</summary>
    internal static List<(string File, S3Location Target)> Plan(string sourceText, S3Location destination, bool recurse)
    {
        var uploads = new List<(string, S3Location)>();
        if (FsPath.HasWildcard(sourceText))
        {
            var (folder, pattern) = FsPath.SplitWildcard(sourceText, "source");
            if (!Directory.Exists(folder))
            {
                throw new ItemFailedException($"the source folder '{folder}' does not exist");
            }

            var prefix = Prefix(destination);
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().Where(e => FsPath.Matches(pattern, e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry is DirectoryInfo directory)
                {
                    if (recurse)
                    {
                        AddTree(directory.FullName, prefix + directory.Name + "/", destination.Bucket, uploads);
                    }
                }
                else
                {
                    uploads.Add((entry.FullName, new S3Location(destination.Bucket, prefix + entry.Name)));
                }
            }

            if (uploads.Count == 0)
            {
                throw new ItemFailedException($"no files match '{Path.Combine(folder, pattern)}'{(recurse ? string.Empty : " (folders are uploaded only with recurse: true)")}");
            }

            return uploads;
        }

        var path = FsPath.Resolve(sourceText, "source");
        if (Directory.Exists(path))
        {
            if (!recurse)
            {
                throw new ItemFailedException($"'{path}' is a folder; set recurse: true to upload its tree, or write '{path}/*' for the files in it");
            }

            AddTree(path, Prefix(destination), destination.Bucket, uploads);
            if (uploads.Count == 0)
            {
                throw new ItemFailedException($"the folder '{path}' holds no files");
            }

            return uploads;
        }

        if (!File.Exists(path))
        {
            throw new ItemFailedException($"the source file '{path}' does not exist");
        }

        var key = destination.Key.Length == 0 || destination.Key.EndsWith('/') ? destination.Key + Path.GetFileName(path) : destination.Key;
        uploads.Add((path, new S3Location(destination.Bucket, key)));
        return uploads;
    }

    /// <summary>The destination as a key prefix: "" for the bucket, otherwise ending in '/'.</summary>
    private static string Prefix(S3Location destination) =>
        destination.Key.Length == 0 || destination.Key.EndsWith('/') ? destination.Key : destination.Key + "/";

    private static void AddTree(string folder, string prefix, string bucket, List<(string, S3Location)> uploads)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var file in Directory.EnumerateFiles(folder, "*", options).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            uploads.Add((file, new S3Location(bucket, prefix + relative)));
        }
    }
}

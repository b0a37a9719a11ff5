using Toe.Actions.FileSystem;
using Toe.Aws;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// S3Download: one object to a file, or every object under a key prefix (<c>s3://bucket/prefix/*</c>)
/// to a folder, keeping the key's path below the prefix. Each file is written to a temporary name and
/// renamed when complete; a prefix is listed and every key checked (no <c>..</c>, absolute path or
/// backslash) and, with <c>overwrite: false</c>, every target checked before the first byte is
/// written. Objects of a prefix are fetched several at a time. Items that completed stay (as AWSTOE:
/// no roll-back).
/// </summary>
public sealed class S3Download : ListInputModule
{
    public const string OverwriteRefused = "File already exists and \"overwrite\" property for \"destination\" file is set to false. Cannot download.";

    private readonly S3ClientFactory _clients;

    public S3Download(S3ClientFactory? clients = null)
    {
        _clients = clients ?? S3ClientFactory.Default;
    }

    public override string Name => "S3Download";

    protected internal override async Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var sourceText = item.Required("source").Trim();
        var destinationText = item.Required("destination");
        var owner = S3Inputs.Owner(item);
        var overwrite = item.Boolean("overwrite", true);
        var source = S3Inputs.Location(sourceText, "source");

        try
        {
            using var transfer = new S3Transfer(_clients);
            if (source.Key.EndsWith('*'))
            {
                await DownloadPrefixAsync(transfer, source, destinationText, owner, overwrite, context, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DownloadOneAsync(transfer, source, destinationText, owner, overwrite, context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken))
        {
            throw new ItemFailedException(S3Errors.Describe(ex, sourceText, owner), ex);
        }

        return null;
    }

    private static async Task DownloadOneAsync(S3Transfer transfer, S3Location source, string destinationText, string? owner, bool overwrite, ActionContext context, CancellationToken cancellationToken)
    {
        if (source.Key.Length == 0 || source.Key.EndsWith('/'))
        {
            throw new ItemFailedException($"input 'source' names no object ('{source}'); give s3://bucket/key, or s3://bucket/prefix/* for every object under a prefix");
        }

        if (source.Key.Contains('*', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input 'source': a wildcard is accepted only as the last character, as in s3://bucket/prefix/* ('{source}')");
        }

        // A trailing separator or an existing folder means "into this folder, under the object's name".
        var destination = FsPath.Resolve(destinationText, "destination");
        if (FsPath.NamesFolder(destinationText) || Directory.Exists(destination))
        {
            destination = Path.Combine(destination, source.Key[(source.Key.LastIndexOf('/') + 1)..]);
        }

        if (!overwrite && File.Exists(destination))
        {
            throw new ItemFailedException($"{OverwriteRefused} ('{destination}')");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var bytes = await transfer.DownloadFileAsync(source, destination, owner, overwrite, cancellationToken).ConfigureAwait(false);
        context.Output.WriteLine(Processes.OutputKind.Stdout, $"S3Download: {source} -> {destination} ({bytes} bytes)");
    }

    private static async Task DownloadPrefixAsync(S3Transfer transfer, S3Location source, string destinationText, string? owner, bool overwrite, ActionContext context, CancellationToken cancellationToken)
    {
        var prefix = source.Key[..^1];
        if (prefix.Contains('*', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input 'source': a wildcard is accepted only as the last character, as in s3://bucket/prefix/* ('{source}')");
        }

        // Local names are the keys below the last '/' of the prefix: s3://b/logs/* puts logs/a/x.txt at <destination>/a/x.txt.
        var baseLength = prefix.LastIndexOf('/') + 1;
        var folder = FsPath.Resolve(destinationText, "destination");
        var objects = await transfer.ListAsync(source.Bucket, prefix, owner, cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0)
        {
            throw new ItemFailedException($"no objects match '{source}' (an empty prefix, or a typo in the bucket or prefix)");
        }

        var files = new List<(S3Location Key, string Path)>();
        var folders = new HashSet<string>(StringComparer.Ordinal) { folder };
        foreach (var entry in objects)
        {
            var relative = entry.Key[baseLength..];
            var target = SafeTarget(folder, relative, entry.Key);
            if (relative.EndsWith('/'))
            {
                folders.Add(target); // a "folder" marker object (what the console's "Create folder" makes)
                continue;
            }

            if (relative.Length == 0)
            {
                continue; // the prefix itself as an object (s3://b/logs without a slash): nothing to name it locally
            }

            if (!overwrite && File.Exists(target))
            {
                throw new ItemFailedException($"{OverwriteRefused} ('{target}' for s3://{source.Bucket}/{entry.Key})");
            }

            folders.Add(Path.GetDirectoryName(target)!);
            files.Add((new S3Location(source.Bucket, entry.Key), target));
        }

        foreach (var path in folders.Order(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(path);
        }

        context.Log.Info($"S3Download: {files.Count} objects under {source} -> {folder} ({transfer.Parallelism} at a time)");
        var options = new ParallelOptions { MaxDegreeOfParallelism = transfer.Parallelism, CancellationToken = cancellationToken };
        long total = 0;
        await Parallel.ForEachAsync(files, options, async (file, ct) =>
        {
            try
            {
                var bytes = await transfer.DownloadFileAsync(file.Key, file.Path, owner, overwrite, ct).ConfigureAwait(false);
                Interlocked.Add(ref total, bytes);
            }
            catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, ct))
            {
                // Name the object that failed, not only the prefix.
                throw new S3FailureException(S3Errors.Describe(ex, file.Key.ToString(), owner), ex);
            }
        }).ConfigureAwait(false);
        context.Output.WriteLine(Processes.OutputKind.Stdout, $"S3Download: {files.Count} objects from {source} -> {folder} ({total} bytes)");
    }

    /// <summary>
    /// The local path for a key below the prefix. Keys are names chosen by whoever writes the bucket:
    /// one with '..', an absolute path, a backslash or a NUL could write outside the destination, so the
    /// whole step is refused, naming the key, before anything is downloaded.
    /// </summary>
    internal static string SafeTarget(string folder, string relative, string key)
    {
        var segments = relative.Split('/');
        var unsafeKey = relative.StartsWith('/') || relative.Contains('\\', StringComparison.Ordinal) || relative.Contains('\0', StringComparison.Ordinal)
            || segments.Any(s => s is ".." or ".");
        var target = unsafeKey ? string.Empty : Path.GetFullPath(Path.Combine(folder, relative));
        var inside = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        if (unsafeKey || !(target + (relative.EndsWith('/') ? string.Empty : "/")).StartsWith(inside, StringComparison.Ordinal))
        {
            throw new ItemFailedException($"refused the object key '{key}': it would be written outside '{folder}' (keys with '..', '.', a leading '/', a backslash or NUL are not downloaded); nothing was downloaded");
        }

        return Path.TrimEndingDirectorySeparator(target);
    }
}

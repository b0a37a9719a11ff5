namespace Toe.Aws.Fleet;

/// <summary>What was staged: the documents as the instances read them, and the binary with --install-toe.</summary>
public sealed record StagedRun(IReadOnlyList<string> DocumentUris, S3Location? Binary, string RunFolder, string LogKeyPrefix);

/// <summary>
/// Uploads a run's inputs to <c>s3://bucket/prefix/&lt;run id&gt;/</c> with the existing S3 code: local documents
/// to <c>documents/&lt;n&gt;-&lt;file name&gt;</c> (numbered, so two files of the same name never collide), the
/// binary to <c>bin/toe</c>. Documents already on S3 are passed through untouched. Logs go to
/// <c>logs/&lt;instance id&gt;/</c> under the same folder.
/// </summary>
public static class FleetStaging
{
    public static string RunFolder(string prefix, string runId)
    {
        var trimmed = prefix.Trim().Trim('/');
        return (trimmed.Length == 0 ? string.Empty : trimmed + "/") + runId;
    }

    public static async Task<StagedRun> StageAsync(S3ClientFactory clients, FleetRunOptions options, CancellationToken cancellationToken)
    {
        var folder = RunFolder(options.Prefix, options.RunId);
        var uris = new List<string>();
        using var transfer = new S3Transfer(clients);
        var index = 0;
        foreach (var document in options.Documents)
        {
            index++;
            if (S3Location.IsS3Uri(document))
            {
                uris.Add(document);
                continue;
            }

            var destination = new S3Location(options.Bucket, $"{folder}/documents/{index}-{Path.GetFileName(document)}");
            await UploadAsync(transfer, document, destination, "document", cancellationToken).ConfigureAwait(false);
            uris.Add(destination.ToString());
        }

        S3Location? binary = null;
        if (options.InstallToe)
        {
            binary = new S3Location(options.Bucket, $"{folder}/bin/toe");
            await UploadAsync(transfer, options.ToeBinary!, binary, "toe binary", cancellationToken).ConfigureAwait(false);
        }

        return new StagedRun(uris, binary, $"s3://{options.Bucket}/{folder}/", $"{folder}/logs");
    }

    private static async Task UploadAsync(S3Transfer transfer, string file, S3Location destination, string what, CancellationToken cancellationToken)
    {
        try
        {
            await transfer.UploadFileAsync(file, destination, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken) || ex is IOException or UnauthorizedAccessException)
        {
            throw new AwsFailureException($"cannot stage the {what} {file}: {S3Errors.Describe(ex, destination.ToString())}");
        }
    }
}

namespace Toe.Aws;

/// <summary>
/// Uploads a run's log folder (TOE_&lt;time&gt;_&lt;id&gt;) at the end of the run, whatever its outcome:
/// every file goes to <c>s3://bucket/&lt;prefix&gt;/&lt;executionId&gt;/&lt;TOE folder name&gt;/&lt;path&gt;</c>, and the
/// run summary's <c>logUrl</c> is <c>s3://bucket/&lt;prefix&gt;/&lt;executionId&gt;</c> (the shape of AWS's example).
/// </summary>
public static class S3LogUpload
{
    /// <summary>The logUrl for a run: s3://bucket/prefix/executionId (no prefix: s3://bucket/executionId).</summary>
    public static string LogUrl(string bucket, string prefix, string executionId) =>
        $"s3://{bucket}/{KeyPrefix(prefix, executionId)}".TrimEnd('/');

    /// <summary>Uploads the folder; returns the logUrl, or throws <see cref="S3FailureException"/> with the reason.</summary>
    public static async Task<string> UploadAsync(S3ClientFactory clients, string logFolder, string bucket, string prefix, string? expectedOwner, string executionId, CancellationToken cancellationToken)
    {
        var keyPrefix = KeyPrefix(prefix, executionId) + Path.GetFileName(Path.TrimEndingDirectorySeparator(logFolder)) + "/";
        try
        {
            using var transfer = new S3Transfer(clients);
            await transfer.UploadFolderAsync(logFolder, bucket, keyPrefix, expectedOwner, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken) || ex is IOException or UnauthorizedAccessException)
        {
            throw new S3FailureException(S3Errors.Describe(ex, $"s3://{bucket}/{keyPrefix}", expectedOwner), ex);
        }

        return LogUrl(bucket, prefix, executionId);
    }

    private static string KeyPrefix(string prefix, string executionId)
    {
        var trimmed = prefix.Trim().Trim('/');
        return (trimmed.Length == 0 ? string.Empty : trimmed + "/") + executionId + "/";
    }
}

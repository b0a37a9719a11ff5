using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Aws;

/// <summary>
/// Component documents and run configs named by an <c>s3://bucket/key</c> URI (<c>--documents</c>,
/// <c>--config</c>, ExecuteDocument). The object is read into memory (documents are small; the size is
/// capped) with the expected bucket owner checked by S3, and parsed like a local file; its path is the URI.
/// </summary>
public static class S3Documents
{
    /// <summary>Documents and configs larger than this are refused (a component document is a few KB).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    public static async Task<LoadedDocument> LoadAsync(S3ClientFactory clients, string uri, string? expectedOwner, CancellationToken cancellationToken)
    {
        var (text, error) = await ReadAsync(clients, uri, expectedOwner, cancellationToken).ConfigureAwait(false);
        return text is null
            ? new LoadedDocument(uri, null, [Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(uri), error!)])
            : DocumentLoader.LoadText(text, uri, uri);
    }

    /// <summary>The object's text, or null and a one-line reason (which names no credential).</summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(S3ClientFactory clients, string uri, string? expectedOwner, CancellationToken cancellationToken)
    {
        if (!S3Location.TryParse(uri, out var location, out var error))
        {
            return (null, error);
        }

        if (location.Key.Length == 0 || location.Key.EndsWith('/'))
        {
            return (null, $"'{uri}' names no object; write s3://bucket/key");
        }

        try
        {
            using var transfer = new S3Transfer(clients);
            return (await transfer.ReadTextAsync(location, expectedOwner, MaxBytes, cancellationToken).ConfigureAwait(false), null);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, "the object is not UTF-8 text");
        }
        catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken))
        {
            return (null, $"cannot read it from S3: {S3Errors.Reason(ex, expectedOwner)}");
        }
    }

    /// <summary>
    /// Resolves a document reference made inside an S3 document: absolute local paths and S3 URIs stay
    /// as they are; a relative path is taken from the referring object's "folder" (its key up to the last '/').
    /// </summary>
    public static string ResolveRelative(string referringUri, string reference)
    {
        if (S3Location.IsS3Uri(reference) || Path.IsPathRooted(reference))
        {
            return reference;
        }

        var location = S3Location.Parse(referringUri);
        var folder = location.Key[..(location.Key.LastIndexOf('/') + 1)];
        var segments = new List<string>();
        foreach (var segment in (folder + reference).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("." or ""))
            {
                segments.Add(segment);
            }
        }

        return $"s3://{location.Bucket}/{string.Join('/', segments)}";
    }
}

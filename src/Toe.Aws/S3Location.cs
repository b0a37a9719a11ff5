namespace Toe.Aws;

/// <summary>
/// An <c>s3://bucket/key</c> URI split into bucket and key. The key is kept exactly as written (S3 keys
/// are opaque: no normalisation of '/' or '..'); callers that map keys to local paths check them.
/// </summary>
public sealed record S3Location(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    public static bool IsS3Uri(string? text) => text is not null && text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses an S3 URI; a missing bucket is an error with an example of the expected form.</summary>
    public static bool TryParse(string text, out S3Location location, out string error)
    {
        location = new S3Location(string.Empty, string.Empty);
        error = string.Empty;
        if (!IsS3Uri(text))
        {
            error = $"'{text}' is not an S3 URI; write s3://bucket/key";
            return false;
        }

        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            error = $"'{text}' names no bucket; write s3://bucket/key";
            return false;
        }

        location = new S3Location(bucket, key);
        return true;
    }

    public static S3Location Parse(string text) =>
        TryParse(text, out var location, out var error) ? location : throw new FormatException(error);

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}

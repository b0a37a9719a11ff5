namespace Toe.Actions.Web;

/// <summary>
/// One download attempt failed. <see cref="Retryable"/> says whether another attempt may succeed (connection
/// errors, silence, truncated bodies, 5xx, 408, 429) or would fail the same way (404, a checksum mismatch, a
/// certificate error, a bad redirect). The message is already redacted.
/// </summary>
public sealed class DownloadFailedException : Exception
{
    public DownloadFailedException(string message, bool retryable)
        : base(message)
    {
        Retryable = retryable;
    }

    public DownloadFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DownloadFailedException()
    {
    }

    public DownloadFailedException(string message)
        : base(message)
    {
    }

    public bool Retryable { get; }
}

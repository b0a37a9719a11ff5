namespace Toe.Actions.Web;

/// <summary>
/// The limits of WebDownload. The defaults are what Toe ships with; tests shorten the delays so retries and
/// hangs run in milliseconds.
/// </summary>
public sealed record WebDownloadOptions
{
    /// <summary>Attempts per download (documented: "a maximum of 5 attempts"), inside one step attempt.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the second attempt; it doubles before each further one (1, 2, 4, 8 s).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server may stay silent (no response headers, no body bytes) before the attempt fails and is
    /// retried. The step's <c>timeoutSeconds</c> still bounds the whole step.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a long download logs its progress to application.log.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Redirects followed per attempt (curl's default is 50, browsers stop at about 20).</summary>
    public int MaxRedirects { get; init; } = 10;
}

using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Toe.Actions.FileSystem;
using Toe.Engine;

namespace Toe.Actions.Web;

/// <summary>What one download is asked to do; <see cref="Source"/> carries no user information (see <see cref="Authorization"/>).</summary>
public sealed record DownloadRequest(
    Uri Source,
    string DisplaySource,
    AuthenticationHeaderValue? Authorization,
    string Target,
    bool Overwrite,
    bool IgnoreCertificateErrors,
    DownloadChecksum? Checksum);

/// <summary>
/// One attempt of one download: a GET whose redirects are followed here rather than by the handler (so the
/// limit, the scheme rules and where credentials go are Toe's), then the body streamed in large blocks into a
/// temporary file beside the target while it is hashed, checked (length, checksum) and renamed onto the target.
/// Any failure removes the temporary file, so the target is either untouched or complete. Failures are
/// <see cref="DownloadFailedException"/>s whose messages never hold the URL's secrets.
/// </summary>
public sealed class HttpDownloader : IDisposable
{
    /// <summary>Large reads keep the per-block cost (hash call, write syscall, timer reset) negligible.</summary>
    private const int BlockSize = 1 << 20;

    private static readonly ProductInfoHeaderValue UserAgent =
        new("toe", typeof(HttpDownloader).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly WebDownloadOptions _options;
    private readonly Lazy<HttpClient> _verifying;
    private readonly Lazy<HttpClient> _trusting;

    public HttpDownloader(WebDownloadOptions options)
    {
        _options = options;
        _verifying = new(() => CreateClient(ignoreCertificateErrors: false));
        _trusting = new(() => CreateClient(ignoreCertificateErrors: true));
    }

    /// <summary>Downloads once; returns the number of bytes saved. Throws <see cref="DownloadFailedException"/> or, when cancelled, <see cref="OperationCanceledException"/>.</summary>
    public async Task<long> DownloadAsync(DownloadRequest request, IStepLog log, CancellationToken cancellationToken)
    {
        // One token for every network wait, re-armed before each: it fires when the server stays silent too long.
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var response = await GetAsync(request, silence, log).ConfigureAwait(false);
            return await SaveAsync(request, response, silence, log, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && silence.IsCancellationRequested)
        {
            throw new DownloadFailedException($"the server sent nothing for {Seconds(_options.IdleTimeout)}", retryable: true);
        }
    }

    private async Task<HttpResponseMessage> GetAsync(DownloadRequest request, CancellationTokenSource silence, IStepLog log)
    {
        var client = request.IgnoreCertificateErrors ? _trusting.Value : _verifying.Value;
        var uri = request.Source;
        for (var redirects = 0; ; redirects++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, uri);
            // Credentials from the URL go to the origin they were written for, not to wherever it redirects.
            if (request.Authorization is { } authorization && SameOrigin(uri, request.Source))
            {
                message.Headers.Authorization = authorization;
            }

            silence.CancelAfter(_options.IdleTimeout);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, silence.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw Failure(ex, uri);
            }

            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location;
                response.Dispose();
                uri = Redirect(uri, location, status, redirects);
                log.Debug($"redirected ({status}) to '{UrlRedaction.Redact(uri.OriginalString)}'");
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase;
                response.Dispose();
                var where = redirects > 0 ? $" for '{UrlRedaction.Redact(uri.OriginalString)}' (after {redirects} redirect{(redirects == 1 ? "" : "s")})" : string.Empty;
                // 5xx, 408 and 429 say "try again later"; every other status would come back the same.
                throw new DownloadFailedException($"the server answered {status}{reason}{where}; only 200 is a successful download", status is >= 500 or 408 or 429);
            }

            return response;
        }
    }

    private Uri Redirect(Uri from, Uri? location, int status, int redirects)
    {
        if (location is null)
        {
            throw new DownloadFailedException($"the server answered {status} (a redirect) without a Location header", retryable: false);
        }

        var next = location.IsAbsoluteUri ? location : new Uri(from, location);
        var shown = UrlRedaction.Redact(next.OriginalString);
        if (redirects >= _options.MaxRedirects)
        {
            throw new DownloadFailedException($"stopped after {_options.MaxRedirects} redirects (the next one was to '{shown}')", retryable: false);
        }

        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw new DownloadFailedException($"the server redirected to '{shown}', which is not an http or https URL", retryable: false);
        }

        if (from.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
        {
            throw new DownloadFailedException($"refused the redirect from https to plain http ('{shown}'); use the http URL as source if that is intended", retryable: false);
        }

        return next;
    }

    private async Task<long> SaveAsync(DownloadRequest request, HttpResponseMessage response, CancellationTokenSource silence, IStepLog log, CancellationToken cancellationToken)
    {
        var announced = response.Content.Headers.ContentLength;
        // Folders are created only now, so a 404 or an unknown host leaves nothing behind.
        Directory.CreateDirectory(Path.GetDirectoryName(request.Target)!);
        var temporary = AtomicFile.TemporaryPathFor(request.Target);
        var progress = new DownloadProgress(log, request.DisplaySource, announced, _options.ProgressInterval);
        long received = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            using var hash = request.Checksum?.CreateHash();
            using (var file = new FileStream(temporary, FileOptionsFor(request.Target, announced)))
            {
                var body = await response.Content.ReadAsStreamAsync(silence.Token).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    while (true)
                    {
                        silence.CancelAfter(_options.IdleTimeout);
                        int read;
                        try
                        {
                            read = await body.ReadAsync(buffer.AsMemory(0, BlockSize), silence.Token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException)
                        {
                            throw Truncated(received, announced, ex.Message);
                        }

                        if (read == 0)
                        {
                            break;
                        }

                        hash?.AppendData(buffer, 0, read);
                        // A synchronous write: it only copies into the page cache, and skips a thread-pool hop per block.
                        file.Write(buffer, 0, read);
                        received += read;
                        progress.Report(received);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                file.Flush(flushToDisk: false);
            }

            if (announced is { } expected && received != expected)
            {
                throw Truncated(received, announced, null);
            }

            if (request.Checksum is { } checksum && hash is not null)
            {
                var actual = DownloadChecksum.Hex(hash);
                if (!checksum.Matches(actual))
                {
                    throw new DownloadFailedException($"checksum mismatch: expected {checksum.Name} {checksum.Expected}, the download has {actual}; nothing was saved", retryable: false);
                }
            }

            Commit(temporary, request);
            progress.Done(received, request.Target);
            return received;
        }
        catch
        {
            AtomicFile.TryDelete(temporary);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Commit(string temporary, DownloadRequest request)
    {
        try
        {
            File.Move(temporary, request.Target, request.Overwrite);
        }
        catch (IOException) when (!request.Overwrite && File.Exists(request.Target))
        {
            throw new DownloadFailedException($"'{request.Target}' appeared while downloading and overwrite is false; it was left as it is", retryable: false);
        }
    }

    /// <summary>
    /// The temporary file: preallocated to the announced length, and with the permission bits of the file it
    /// replaces (an executable script stays executable, as with curl -o over an existing file).
    /// </summary>
    private static FileStreamOptions FileOptionsFor(string target, long? announced)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, PreallocationSize = announced ?? 0 };
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            options.UnixCreateMode = File.GetUnixFileMode(target);
        }

        return options;
    }

    private static DownloadFailedException Truncated(long received, long? announced, string? detail) =>
        new(announced is { } length
                ? $"the connection ended after {received} of {length} bytes (truncated body){(detail is null ? "" : ": " + detail)}"
                : $"the connection failed after {received} bytes{(detail is null ? "" : ": " + detail)}",
            retryable: true);

    private static DownloadFailedException Failure(HttpRequestException ex, Uri uri)
    {
        var inner = ex.InnerException?.Message is { Length: > 0 } text ? text : ex.Message;
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new($"the host name '{uri.Host}' could not be resolved ({inner})", retryable: true),
            HttpRequestError.SecureConnectionError when ex.InnerException is AuthenticationException =>
                new($"the TLS connection to {host} failed: {inner}; set ignoreCertificateErrors: true only if you trust this server", retryable: false),
            HttpRequestError.SecureConnectionError => new($"the TLS connection to {host} failed: {inner}", retryable: false),
            HttpRequestError.ConnectionError => new($"could not connect to {host}: {inner}", retryable: true),
            HttpRequestError.ResponseEnded => new($"{host} closed the connection before the response was complete ({inner})", retryable: true),
            _ => new($"the request to {host} failed: {inner} ({ex.HttpRequestError})", retryable: true),
        };
    }

    private HttpClient CreateClient(bool ignoreCertificateErrors)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        if (ignoreCertificateErrors)
        {
            // The documented opt-in (ignoreCertificateErrors: true); the module logs a warning when it is used.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
        return client;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    internal static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMilliseconds:0} ms";

    public void Dispose()
    {
        if (_verifying.IsValueCreated)
        {
            _verifying.Value.Dispose();
        }

        if (_trusting.IsValueCreated)
        {
            _trusting.Value.Dispose();
        }
    }
}

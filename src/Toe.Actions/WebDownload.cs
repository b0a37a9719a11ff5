using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Toe.Actions.FileSystem;
using Toe.Actions.Web;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// WebDownload: downloads each item's <c>source</c> (http or https) to <c>destination</c> (a file, or a folder when
/// it ends in '/', the file name then coming from the URL's path). Each download gets up to 5 attempts with
/// exponential backoff inside one step attempt; only status 200 is success. The body is streamed to a
/// temporary file beside the destination and renamed when complete and verified, so a failed download leaves
/// no partial file. Output <c>destination</c>: the saved paths, one line per item. URLs appear in messages and
/// logs only redacted (user information, query values). Decisions: docs/compatibility.md, "Download and upload
/// modules".
/// </summary>
public sealed class WebDownload : ListInputModule
{
    private readonly WebDownloadOptions _options;
    private readonly HttpDownloader _downloader;

    public WebDownload(WebDownloadOptions? options = null)
    {
        _options = options ?? new WebDownloadOptions();
        _downloader = new HttpDownloader(_options);
    }

    public override string Name => "WebDownload";

    protected override string? OutputName => "destination";

    protected override string OutputSeparator => "\n";

    protected override string Describe(ItemInputs item)
    {
        var source = TryText(item, "source");
        var destination = TryText(item, "destination");
        return source is null ? string.Empty
            : destination is null ? $"'{UrlRedaction.Redact(source.Trim())}'"
            : $"'{UrlRedaction.Redact(source.Trim())}' -> '{destination}'";
    }

    protected internal override async Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        if (item.Index == 0)
        {
            RegisterSecrets(context);
        }

        var rawSource = item.Required("source").Trim();
        var shown = UrlRedaction.Redact(rawSource);
        var (source, authorization) = ParseSource(rawSource, shown);
        var rawDestination = item.Required("destination");
        var overwrite = item.Boolean("overwrite", defaultValue: true);
        var ignoreCertificateErrors = item.Boolean("ignoreCertificateErrors", defaultValue: false);
        var checksum = DownloadChecksum.From(item.Optional("checksum"), item.Optional("algorithm"), out var warning);
        if (warning is not null)
        {
            context.Log.Warning($"'{shown}': {warning}");
        }

        var target = Target(rawDestination, source, shown);
        if (Directory.Exists(target))
        {
            throw new ItemFailedException($"'{target}' is a folder; end the destination with '/' to download into it");
        }

        if (File.Exists(target))
        {
            if (!overwrite)
            {
                throw new ItemFailedException($"'{target}' already exists and overwrite is false");
            }

            if (checksum is not null && checksum.Matches(await checksum.HashFileAsync(target, cancellationToken).ConfigureAwait(false)))
            {
                context.Log.Info($"'{target}' already has the expected {checksum.Name} checksum; download of '{shown}' skipped");
                return target;
            }
        }

        if (ignoreCertificateErrors && source.Scheme == Uri.UriSchemeHttps)
        {
            context.Log.Warning($"'{shown}': TLS certificate errors are ignored (ignoreCertificateErrors: true)");
        }

        var request = new DownloadRequest(source, shown, authorization, target, overwrite, ignoreCertificateErrors, checksum);
        await DownloadWithRetriesAsync(request, context.Log, cancellationToken).ConfigureAwait(false);
        return target;
    }

    /// <summary>Up to <see cref="WebDownloadOptions.MaxAttempts"/> attempts; waits 1, 2, 4, 8 s between them (doubling, capped).</summary>
    private async Task DownloadWithRetriesAsync(DownloadRequest request, IStepLog log, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, _options.MaxAttempts);
        var delay = _options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _downloader.DownloadAsync(request, log, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DownloadFailedException failure) when (failure.Retryable && attempt < attempts)
            {
                log.Warning($"download attempt {attempt} of {attempts} of '{request.DisplaySource}' failed: {failure.Message}; retrying in {HttpDownloader.Seconds(delay)}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
            catch (DownloadFailedException failure)
            {
                var tries = failure.Retryable ? $" (gave up after {attempts} attempts)" : attempt > 1 ? $" (attempt {attempt} of {attempts})" : string.Empty;
                throw new ItemFailedException(failure.Message + tries);
            }
        }
    }

    /// <summary>
    /// The URL to request, without user information; credentials written in it (<c>https://user:pass@host/</c>)
    /// become a Basic Authorization header, as curl and Go's net/http do.
    /// </summary>
    private static (Uri Source, AuthenticationHeaderValue? Authorization) ParseSource(string raw, string shown)
    {
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.IsFile && !raw.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ItemFailedException($"input 'source' '{shown}' is not a URL; give an http:// or https:// URL");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ItemFailedException($"input 'source' '{shown}' is a {uri.Scheme}:// URL; WebDownload downloads only http:// and https:// URLs");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ItemFailedException($"input 'source' '{shown}' has no host name");
        }

        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return (uri, null);
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var bare = new Uri(uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
        return (bare, new AuthenticationHeaderValue("Basic", basic));
    }

    /// <summary>
    /// The file to write: the destination itself, or for a destination ending in '/' that folder plus the last
    /// segment of the URL's path, percent-decoded (query and fragment play no part; the server's
    /// Content-Disposition is not used, so the name is known before the request and cannot be chosen by the server).
    /// </summary>
    private static string Target(string rawDestination, Uri source, string shown)
    {
        var destination = FsPath.Resolve(rawDestination, "destination");
        if (!FsPath.NamesFolder(rawDestination))
        {
            return destination;
        }

        if (File.Exists(destination))
        {
            throw new ItemFailedException($"the destination folder '{destination}' is a file");
        }

        var path = source.AbsolutePath;
        var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        if (name.Length == 0)
        {
            throw new ItemFailedException($"the URL '{shown}' has no file name after its last '/'; give a file path as destination (not ending in '/')");
        }

        if (name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"the file name '{name}' from the URL '{shown}' is not usable as a file name; give a file path as destination (not ending in '/')");
        }

        return Path.Combine(destination, name);
    }

    /// <summary>
    /// Registers the secret parts of every item's source with the run's masker before the first item runs, so even
    /// the sources of items that never run (an earlier one failed) are masked in the step's reported inputs.
    /// </summary>
    private static void RegisterSecrets(ActionContext context)
    {
        if (context.Secrets is not { } secrets)
        {
            return;
        }

        // Explicit arrays: a collection expression here would build a JsonArray through its generic (not AOT-safe) Add<T>.
        IEnumerable<JsonNode?> items = context.Inputs switch
        {
            JsonArray list => list,
            JsonObject single => new JsonNode?[] { single },
            _ => Array.Empty<JsonNode?>(),
        };
        foreach (var entry in items)
        {
            if (entry is JsonObject map && map["source"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                foreach (var secret in UrlRedaction.SecretParts(value.GetValue<string>().Trim()))
                {
                    secrets.AddValue(secret);
                }
            }
        }
    }

    private static string? TryText(ItemInputs item, string key)
    {
        try
        {
            return item.Optional(key);
        }
        catch (ItemFailedException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Toe.Engine;

namespace Toe.Aws.Imds;

/// <summary>
/// An IMDSv2 client: one session token per run (PUT /latest/api/token), then GETs under /latest/meta-data/
/// with the token. Built for a short-lived process: values, misses (404) and "IMDS is not reachable" are
/// remembered for the rest of the run, so off EC2 only the first reference waits (at most
/// <see cref="TokenTimeout"/>). No IMDSv1 fallback; requests never go through a proxy. The token never
/// appears in a message.
/// </summary>
public sealed class ImdsClient : IInstanceMetadata, IDisposable
{
    public const string DefaultEndpoint = "http://169.254.169.254/";
    public const string EndpointVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    public const string DisabledVariable = "AWS_EC2_METADATA_DISABLED";

    /// <summary>The token's lifetime: 6 h, the maximum, so that one token lasts any ordinary run.</summary>
    public const int TokenTtlSeconds = 21600;

    /// <summary>The token request: off EC2 the whole probe gives up after this.</summary>
    public static readonly TimeSpan TokenTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A metadata GET, once IMDS has answered the token request.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private const string IdentityPath = "latest/dynamic/instance-identity/document";

    private readonly Uri? _endpoint;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string? Value, string? Problem)> _cache = new(StringComparer.Ordinal);
    private string? _unreachable;
    private string? _token;
    private long _tokenAt;
    private (bool Done, InstanceIdentity? Value) _identity;

    public ImdsClient(string endpoint)
    {
        if (Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            _endpoint = uri;
        }
        else
        {
            _unreachable = $"the IMDS endpoint '{endpoint}' ({EndpointVariable}) is not an http:// URL";
        }

        Endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TokenTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Endpoint { get; }

    /// <summary>The client for this process: <see cref="EndpointVariable"/> or the link-local address; none when <see cref="DisabledVariable"/> is true.</summary>
    public static ImdsClient FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var endpoint = environment(EndpointVariable);
        var client = new ImdsClient(string.IsNullOrWhiteSpace(endpoint) ? DefaultEndpoint : endpoint.Trim());
        if (string.Equals(environment(DisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            client._unreachable = $"IMDS is turned off ({DisabledVariable}=true)";
        }

        return client;
    }

    public bool TryGet(string path, out string value, out string problem)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(path, out var cached))
            {
                var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
                var (result, lasting) = Fetch("latest/meta-data/" + escaped, $"meta-data/{path}");
                cached = result;
                if (lasting)
                {
                    _cache[path] = cached;
                }
            }

            value = cached.Value ?? string.Empty;
            problem = cached.Problem ?? string.Empty;
            return cached.Value is not null;
        }
    }

    public InstanceIdentity? Identity()
    {
        lock (_gate)
        {
            if (!_identity.Done)
            {
                var ((json, _), _) = Fetch(IdentityPath, "the instance identity document");
                _identity = (true, json is null ? null : ParseIdentity(json));
            }

            return _identity.Value;
        }
    }

    public void Dispose() => _http.Dispose();

    internal static InstanceIdentity? ParseIdentity(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("accountId", out var account) && account.ValueKind == JsonValueKind.String
                && root.TryGetProperty("region", out var region) && region.ValueKind == JsonValueKind.String
                ? new InstanceIdentity(account.GetString()!, region.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One GET with the token (fetched again once if IMDS says it is no longer valid). Lasting: worth remembering.</summary>
    private ((string? Value, string? Problem) Result, bool Lasting) Fetch(string relative, string what)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Token() is not { } token)
            {
                return ((null, _unreachable), true);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint!, relative));
            request.Headers.Add("X-aws-ec2-metadata-token", token);
            var (status, body, error) = Send(request, RequestTimeout);
            if (error is not null)
            {
                return ((null, $"reading {what} from IMDS at {Endpoint} failed: {error}"), false);
            }

            switch (status)
            {
                case HttpStatusCode.OK:
                    return ((body, null), true);
                case HttpStatusCode.Unauthorized when attempt == 0:
                    _token = null; // Expired or revoked: one new token, one more try.
                    continue;
                case HttpStatusCode.NotFound:
                    return ((null, $"IMDS has no {what} (404 Not Found); check the path (see the EC2 instance metadata categories)"), true);
                default:
                    return ((null, $"IMDS answered {(int)status} {status} for {what}"), false);
            }
        }
    }

    /// <summary>The session token, fetched with one try; a failure means "not on EC2" for the rest of the run.</summary>
    private string? Token()
    {
        if (_unreachable is not null)
        {
            return null;
        }

        // Renewed a minute before it expires, for runs longer than its lifetime.
        if (_token is not null && Stopwatch.GetElapsedTime(_tokenAt) < TimeSpan.FromSeconds(TokenTtlSeconds - 60))
        {
            return _token;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint!, "latest/api/token"));
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", TokenTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var start = Stopwatch.GetTimestamp();
        var (status, body, error) = Send(request, TokenTimeout);
        if (error is null && status == HttpStatusCode.OK && !string.IsNullOrWhiteSpace(body))
        {
            _token = body.Trim();
            _tokenAt = start;
            return _token;
        }

        _token = null;
        _unreachable = error is not null
            ? $"IMDS is not reachable at {Endpoint} (not on EC2?): {error}"
            : $"IMDS at {Endpoint} refused a session token ({(int)status} {status}): IMDS is turned off for this instance, or this is not EC2";
        return null;
    }

    private (HttpStatusCode Status, string Body, string? Error) Send(HttpRequestMessage request, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead, limit.Token);
            using var reader = new StreamReader(response.Content.ReadAsStream(limit.Token));
            return (response.StatusCode, reader.ReadToEnd(), null);
        }
        catch (OperationCanceledException)
        {
            return (0, string.Empty, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (0, string.Empty, ex.InnerException is SocketException socket ? socket.Message : ex.Message);
        }
        catch (IOException ex)
        {
            return (0, string.Empty, ex.Message);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Polly;
using Polly.Retry;

namespace Toe.Aws.Signing;

/// <summary>One HTTP request to an AWS REST or JSON API, before signing.</summary>
/// <param name="Path">The resource path, already URI-encoded where needed (e.g. "/GetComponent").</param>
/// <param name="Target">The X-Amz-Target header of the JSON protocols (e.g. "Logs_20140328.PutLogEvents"), or null.</param>
public sealed record SignedRequest(
    HttpMethod Method,
    string Path,
    IReadOnlyDictionary<string, string>? Query = null,
    string? Body = null,
    string ContentType = "application/json",
    string? Target = null);

/// <summary>A successful (2xx) answer.</summary>
public sealed record SignedResponse(HttpStatusCode StatusCode, string Body);

/// <summary>
/// Calls an AWS API that has no SDK package here (Image Builder, CloudWatch Logs) with the SDK's own
/// SigV4 signer (<see cref="AWS4Signer"/>) and the SDK's credentials, so Toe writes neither crypto nor
/// credential loading. Throttling, 5xx answers and broken connections are retried with exponential
/// backoff and jitter, as the SDK's standard retry mode does; error answers become
/// <see cref="AwsFailureException"/> with the service's error code and a message that says what to fix.
/// </summary>
public sealed class SignedRestClient : IDisposable
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "ServiceUnavailableException",
        "RequestLimitExceeded", "ProvisionedThroughputExceededException", "InternalFailure", "InternalServerException",
    };

    private readonly string _service;
    private readonly Uri _endpoint;
    private readonly AWSCredentials _credentials;
    private readonly SigningConfig _config;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;

    /// <param name="service">The service's name for people ("Image Builder"), used in messages.</param>
    /// <param name="signingName">The SigV4 service name ("imagebuilder", "logs").</param>
    /// <param name="endpoint">Scheme, host and port of the service; an override or <see cref="DefaultEndpoint"/>.</param>
    /// <param name="maxAttempts">Attempts per call, the first included (the SDK's standard mode uses 3).</param>
    public SignedRestClient(string service, string signingName, Uri endpoint, string region, AWSCredentials credentials,
        HttpMessageHandler? handler = null, int maxAttempts = 4, TimeSpan? baseDelay = null, TimeSpan? timeout = null)
    {
        _service = service;
        _endpoint = endpoint;
        _credentials = credentials;
        Region = region;
        _config = new SigningConfig(signingName, region, endpoint);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(60);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, maxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsFailureException>(failure => failure.StatusCode >= 500 || (failure.ErrorCode is { } code && RetryableCodes.Contains(code)) || failure.StatusCode == 429)
                    .Handle<HttpRequestException>(),
            })
            .Build();
    }

    public string Region { get; }

    /// <summary>The public endpoint of a service in a Region (the China partition has its own domain).</summary>
    public static Uri DefaultEndpoint(string endpointPrefix, string region) =>
        new(region.StartsWith("cn-", StringComparison.Ordinal)
            ? $"https://{endpointPrefix}.{region}.amazonaws.com.cn"
            : $"https://{endpointPrefix}.{region}.amazonaws.com");

    /// <summary>Signs and sends the request (again on retryable failures); the body of a 2xx answer.</summary>
    public Task<SignedResponse> SendAsync(SignedRequest request, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async token => await SendOnceAsync(request, token).ConfigureAwait(false), cancellationToken).AsTask();

    private async Task<SignedResponse> SendOnceAsync(SignedRequest request, CancellationToken cancellationToken)
    {
        using var message = await SignAsync(request, cancellationToken).ConfigureAwait(false);
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new SignedResponse(response.StatusCode, body);
        }

        throw Failure(response, body);
    }

    /// <summary>A signed HttpRequestMessage: the SDK's signer computes the headers on an SDK request, which are then copied over.</summary>
    internal async Task<HttpRequestMessage> SignAsync(SignedRequest request, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var sdkRequest = new DefaultRequest(new Operation(), _config.AuthenticationServiceName)
        {
            HttpMethod = request.Method.Method,
            Endpoint = _endpoint,
            ResourcePath = request.Path,
            UseQueryString = true,
        };
        foreach (var (key, value) in request.Query ?? new Dictionary<string, string>())
        {
            sdkRequest.Parameters[key] = value;
        }

        var body = request.Body is null ? null : Encoding.UTF8.GetBytes(request.Body);
        if (body is not null)
        {
            sdkRequest.Content = body;
            sdkRequest.Headers["Content-Type"] = request.ContentType;
        }

        if (request.Target is not null)
        {
            sdkRequest.Headers["X-Amz-Target"] = request.Target;
        }

        if (credentials.UseToken)
        {
            sdkRequest.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var signing = new AWS4Signer().SignRequest(sdkRequest, _config, metrics: null, credentials.AccessKey, credentials.SecretKey);
        sdkRequest.Headers["Authorization"] = signing.ForAuthorizationHeader;

        var message = new HttpRequestMessage(request.Method, AmazonServiceClient.ComposeUrl(sdkRequest));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in sdkRequest.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private AwsFailureException Failure(HttpResponseMessage response, string body)
    {
        var (code, text) = ParseError(response, body);
        var status = (int)response.StatusCode;
        var advice = AwsErrors.Advice(code, _service);
        var message = advice.Length > 0
            ? $"{advice} ({status} {code})"
            : $"{_service} refused the request ({status}{(code is null ? string.Empty : " " + code)}){(string.IsNullOrEmpty(text) ? string.Empty : ": " + text)}";
        return new AwsFailureException(message, code, status);
    }

    /// <summary>The error code and message of an AWS error answer: x-amzn-ErrorType, else "__type"/"code", and "message"/"Message".</summary>
    internal static (string? Code, string? Message) ParseError(HttpResponseMessage response, string body)
    {
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        string? text = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.Name.Equals("code", StringComparison.OrdinalIgnoreCase))
                    {
                        code ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        text = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            text = body.Length > 200 ? body[..200] : body;
        }

        // "__type" and x-amzn-ErrorType may carry a namespace prefix and a ":" suffix ("com.amazon#Code:http://...").
        if (code is not null)
        {
            code = code.Split(':')[0];
            code = code[(code.LastIndexOf('#') + 1)..];
        }

        return (code, text);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The SDK request type the signer needs; carries nothing itself.</summary>
    private sealed class Operation : AmazonWebServiceRequest;

    /// <summary>The smallest client configuration the signer reads: service name, Region and endpoint.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        public SigningConfig(string signingName, string region, Uri endpoint)
            : base(new DefaultConfigurationProvider(new[] { new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard } }))
        {
            AuthenticationServiceName = signingName;
            AuthenticationRegion = region;
            ServiceURL = endpoint.GetLeftPart(UriPartial.Authority);
        }

        public override string ServiceVersion => "toe";

        public override string UserAgent => "toe";

        public override string RegionEndpointServiceName => AuthenticationServiceName;

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            new(ServiceURL);
    }
}

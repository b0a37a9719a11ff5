using System.Text.Json;
using Toe.Aws.Signing;

namespace Toe.Aws.ImageBuilder;

/// <summary>
/// The two Image Builder operations Toe uses, over <see cref="SignedRestClient"/> (the SDK's SigV4 signer and
/// credential chain; there is no Image Builder SDK package here). Throttling (429 CallRateLimitExceededException,
/// ThrottlingException) and 5xx answers are retried with backoff; other errors are <see cref="AwsFailureException"/>s.
/// </summary>
public sealed class ImageBuilderClient : IDisposable
{
    public const string ServiceName = "Image Builder";
    public const string SigningName = "imagebuilder";

    /// <summary>awstoe's own override: the full endpoint URL (https://imagebuilder.&lt;region&gt;.amazonaws.com); it wins over the SDK variables.</summary>
    public const string EndpointVariable = "AWSTOE_IMAGEBUILDER_ENDPOINT";

    private readonly SignedRestClient _rest;

    public ImageBuilderClient(SignedRestClient rest)
    {
        _rest = rest;
    }

    public string Region => _rest.Region;

    /// <summary>
    /// A client for one Region with the environment's credentials; the endpoint is <see cref="EndpointFor"/>.
    /// Throws <see cref="AwsFailureException"/> when no credentials are found or an override is not a URL.
    /// </summary>
    public static ImageBuilderClient Create(AwsEnvironment environment, string region, TimeSpan? retryBaseDelay = null) =>
        new(new SignedRestClient(ServiceName, SigningName, EndpointFor(environment, region), region, environment.Credentials(), baseDelay: retryBaseDelay));

    /// <summary>AWSTOE_IMAGEBUILDER_ENDPOINT, then AWS_ENDPOINT_URL_IMAGEBUILDER, then AWS_ENDPOINT_URL, then the Region's public endpoint.</summary>
    public static Uri EndpointFor(AwsEnvironment environment, string region) =>
        environment.EndpointOverride("IMAGEBUILDER", EndpointVariable) ?? SignedRestClient.DefaultEndpoint(SigningName, region);

    /// <summary>GET /GetComponent?componentBuildVersionArn=...: the component with its (decrypted) document.</summary>
    public async Task<ComponentShape> GetComponentAsync(string arn, CancellationToken cancellationToken)
    {
        var response = await _rest.SendAsync(new SignedRequest(HttpMethod.Get, "/GetComponent",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["componentBuildVersionArn"] = arn }), cancellationToken).ConfigureAwait(false);
        var answer = Deserialize(response.Body, ImageBuilderJson.Default.GetComponentResponse, "GetComponent");
        return answer.Component ?? throw new AwsFailureException($"{ServiceName} answered GetComponent without a component");
    }

    /// <summary>PUT /CreateComponent with a JSON body; the new build-version ARN.</summary>
    public async Task<CreateComponentResponse> CreateComponentAsync(CreateComponentRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(request, ImageBuilderJson.Default.CreateComponentRequest);
        var response = await _rest.SendAsync(new SignedRequest(HttpMethod.Put, "/CreateComponent", Body: body), cancellationToken).ConfigureAwait(false);
        var answer = Deserialize(response.Body, ImageBuilderJson.Default.CreateComponentResponse, "CreateComponent");
        return answer.ComponentBuildVersionArn is { Length: > 0 } ? answer : throw new AwsFailureException($"{ServiceName} answered CreateComponent without a componentBuildVersionArn");
    }

    private static T Deserialize<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new AwsFailureException($"{ServiceName} answered {operation} with an empty body");
        }
        catch (JsonException ex)
        {
            throw new AwsFailureException($"{ServiceName} answered {operation} with something that is not its JSON shape: {ex.Message}");
        }
    }

    public void Dispose() => _rest.Dispose();
}

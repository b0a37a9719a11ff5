using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Toe.Aws;

/// <summary>
/// Creates S3 clients the way the AWS CLI and SDKs do: credentials from the SDK's default chain
/// (environment, shared config and credentials files with profiles, container and instance profile
/// credentials through IMDS), Region from AWS_REGION / AWS_DEFAULT_REGION / the profile / IMDS, and the
/// standard endpoint overrides <c>AWS_ENDPOINT_URL_S3</c> and <c>AWS_ENDPOINT_URL</c>.
/// With an endpoint override Toe talks to an S3-compatible server (MinIO, s3rver, ...): path-style
/// addressing, checksums only where the API requires them and no aws-chunked uploads, because such
/// servers often support neither the newer flexible checksums nor chunked signing.
/// </summary>
public sealed class S3ClientFactory
{
    /// <summary>Region used with an endpoint override when none is configured: S3-compatible servers ignore it, but SigV4 needs one.</summary>
    public const string DefaultOverrideRegion = "us-east-1";

    private readonly AwsEnvironment _environment;

    /// <param name="environment">Reads environment variables; the process environment when null (tests pass their own).</param>
    public S3ClientFactory(Func<string, string?>? environment = null)
    {
        _environment = new AwsEnvironment(environment);
    }

    public static S3ClientFactory Default { get; } = new();

    /// <summary>The endpoint override in use (AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL), or null.</summary>
    public string? EndpointOverride => NonEmpty("AWS_ENDPOINT_URL_S3") ?? NonEmpty("AWS_ENDPOINT_URL");

    /// <summary>False with an endpoint override: S3-compatible servers rarely accept aws-chunked bodies.</summary>
    public bool UseChunkEncoding => EndpointOverride is null;

    /// <summary>
    /// How many requests an S3 transfer keeps in flight: 8, or TOE_S3_PARALLELISM (1 gives the sequential
    /// baseline of the benchmark). An internal setting, not a documented AWSTOE one.
    /// </summary>
    public int Parallelism =>
        int.TryParse(NonEmpty("TOE_S3_PARALLELISM"), out var value) && value is >= 1 and <= 64 ? value : 8;

    /// <summary>A new client; throws <see cref="S3FailureException"/> with a message for people when the configuration is unusable.</summary>
    public IAmazonS3 Create()
    {
        var config = new AmazonS3Config
        {
            // The SDK's default is 100 s per request; a step's timeoutSeconds still cancels sooner.
            Timeout = TimeSpan.FromMinutes(5),
        };

        var region = NonEmpty("AWS_REGION") ?? NonEmpty("AWS_DEFAULT_REGION");
        if (EndpointOverride is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new S3FailureException($"the endpoint override '{endpoint}' (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) is not an http(s) URL");
            }

            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? DefaultOverrideRegion;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        var credentials = _environment.ExplicitCredentials();
        try
        {
            return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        }
        catch (AmazonClientException ex)
        {
            throw new S3FailureException($"cannot create an S3 client: {ex.Message} (set AWS_REGION, or region in ~/.aws/config)");
        }
    }

    private string? NonEmpty(string name) => _environment.Get(name);
}

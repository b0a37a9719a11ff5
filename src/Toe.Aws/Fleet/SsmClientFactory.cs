using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;

namespace Toe.Aws.Fleet;

/// <summary>
/// SSM clients configured like the S3 ones: credentials and Region from <see cref="AwsEnvironment"/>,
/// the endpoint override AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL, and the SDK's standard retry mode,
/// which backs off and retries throttled requests and 5xx answers.
/// </summary>
public sealed class SsmClientFactory
{
    /// <summary>Attempts per request in the SDK's standard retry mode (its default is 3; Run Command polling throttles easily).</summary>
    public const int MaxAttempts = 6;

    private readonly AwsEnvironment _environment;

    public SsmClientFactory(AwsEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>The Region the client uses, or null when none is configured.</summary>
    public string? Region => _environment.Region();

    /// <summary>A new client; throws <see cref="AwsFailureException"/> with what to set when the configuration is unusable.</summary>
    public IAmazonSimpleSystemsManagement Create()
    {
        var config = new AmazonSimpleSystemsManagementConfig
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxAttempts - 1,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var region = _environment.Region();
        if (_environment.EndpointOverride("SSM") is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region ?? S3ClientFactory.DefaultOverrideRegion;
        }
        else if (region is null)
        {
            throw new AwsFailureException("no AWS Region: give --region, or set AWS_REGION, or region in ~/.aws/config");
        }
        else
        {
            config.RegionEndpoint = AwsEnvironment.RegionEndpointFor(region);
        }

        try
        {
            return new AmazonSimpleSystemsManagementClient(_environment.Credentials(), config);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsFailureException($"cannot create an SSM client: {ex.Message}");
        }
    }
}

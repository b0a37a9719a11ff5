using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Toe.Aws;

/// <summary>
/// The AWS settings every client of the AWS layer shares, read the way the AWS CLI and SDKs read them:
/// Region from AWS_REGION / AWS_DEFAULT_REGION (then the SDK's fallback chain: profile, IMDS), credentials
/// from the SDK's default chain, and endpoint overrides from <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> then
/// <c>AWS_ENDPOINT_URL</c>. Tests pass their own environment instead of touching the process's.
/// </summary>
public sealed class AwsEnvironment
{
    private readonly Func<string, string?> _read;

    /// <param name="environment">Reads environment variables; the process environment when null.</param>
    public AwsEnvironment(Func<string, string?>? environment = null)
    {
        _read = environment ?? Environment.GetEnvironmentVariable;
    }

    public static AwsEnvironment Process { get; } = new();

    /// <summary>A variable's trimmed value, or null when unset or blank.</summary>
    public string? Get(string name) => _read(name) is { Length: > 0 } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>
    /// The configured Region name, or null: AWS_REGION, AWS_DEFAULT_REGION, then (unless
    /// <paramref name="environmentOnly"/>) the SDK's fallback chain (profile, then IMDS on EC2).
    /// </summary>
    public string? Region(bool environmentOnly = false)
    {
        if ((Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION")) is { } region)
        {
            return region;
        }

        if (environmentOnly)
        {
            return null;
        }

        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    /// <summary>
    /// The endpoint override for a service, or null: <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c> (the SDKs'
    /// spelling: upper case, spaces as underscores, e.g. SSM, CLOUDWATCH_LOGS, IMAGEBUILDER) wins over
    /// <c>AWS_ENDPOINT_URL</c>. Throws <see cref="AwsFailureException"/> when the value is not an http(s) URL.
    /// </summary>
    public Uri? EndpointOverride(string serviceIdVariableSuffix, params string[] extraVariables)
    {
        foreach (var name in extraVariables.Append("AWS_ENDPOINT_URL_" + serviceIdVariableSuffix).Append("AWS_ENDPOINT_URL"))
        {
            if (Get(name) is not { } value)
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new AwsFailureException($"the endpoint override '{value}' ({name}) is not an http(s) URL");
            }

            return uri;
        }

        return null;
    }

    /// <summary>
    /// Keys from this environment when it holds them (the chain's first source anyway); otherwise null,
    /// and the SDK's default chain finds them. Lets tests give a client its own keys.
    /// </summary>
    public AWSCredentials? ExplicitCredentials()
    {
        var id = Get("AWS_ACCESS_KEY_ID");
        var secret = Get("AWS_SECRET_ACCESS_KEY");
        if (id is null || secret is null)
        {
            return null;
        }

        return Get("AWS_SESSION_TOKEN") is { } token ? new SessionAWSCredentials(id, secret, token) : new BasicAWSCredentials(id, secret);
    }

    /// <summary>
    /// Credentials from this environment, else the SDK's default chain (profiles, SSO, container and
    /// instance-profile credentials). Throws <see cref="AwsFailureException"/> with what to set when none are found.
    /// </summary>
    public AWSCredentials Credentials()
    {
        if (ExplicitCredentials() is { } explicitCredentials)
        {
            return explicitCredentials;
        }

        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException)
        {
            throw new AwsFailureException(AwsErrors.NoCredentials);
        }
    }

    /// <summary>The RegionEndpoint for a Region name (any name: the SDK accepts Regions it does not know yet).</summary>
    public static RegionEndpoint RegionEndpointFor(string region) => RegionEndpoint.GetBySystemName(region);
}

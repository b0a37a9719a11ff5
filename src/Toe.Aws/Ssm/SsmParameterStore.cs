using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Toe.Engine;

namespace Toe.Aws.Ssm;

/// <summary>
/// <c>{{ aws:ssm:... }}</c> through AWSSDK.SimpleSystemsManagement: GetParameter with WithDecryption=true (so a
/// SecureString, and a Secrets Manager reference under <c>/aws/reference/secretsmanager/</c>, arrive decrypted and
/// are marked secret for the masker). One client per run, created at the first reference, so a run without
/// aws:ssm never looks for credentials; each name is fetched once per run and its answer, value or failure,
/// reused (a run does not fix its own permissions). Throttling and 5xx answers are retried by the SDK's
/// standard retry mode with backoff. Messages never contain a value.
/// </summary>
public sealed class SsmParameterStore : IParameterStore, IDisposable
{
    public const string Service = "SSM Parameter Store";

    /// <summary>Secrets Manager secrets read through Parameter Store (integration-ps-secretsmanager).</summary>
    public const string SecretsManagerPrefix = "/aws/reference/secretsmanager/";

    /// <summary>Region used with an endpoint override when none is configured (SigV4 needs one).</summary>
    public const string DefaultOverrideRegion = "us-east-1";

    private readonly AwsEnvironment _environment;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (SsmParameterValue? Value, string Problem)> _cache = new(StringComparer.Ordinal);
    private IAmazonSimpleSystemsManagement? _client;
    private string? _clientProblem;
    private string _region = string.Empty;

    public SsmParameterStore(AwsEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>How many GetParameter calls were made (tests check the once-per-run cache).</summary>
    public int Requests { get; private set; }

    public SsmParameterValue? TryGet(string name, out string problem)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(name, out var cached))
            {
                cached = Fetch(name);
                _cache[name] = cached;
            }

            problem = cached.Problem;
            return cached.Value;
        }
    }

    public void Dispose() => _client?.Dispose();

    private (SsmParameterValue? Value, string Problem) Fetch(string name)
    {
        if (Client() is not { } client)
        {
            return (null, $"SSM parameter '{name}' cannot be read: {_clientProblem}");
        }

        try
        {
            Requests++;
            var answer = client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }).GetAwaiter().GetResult();
            var parameter = answer.Parameter;
            var secret = parameter.Type == ParameterType.SecureString || name.StartsWith(SecretsManagerPrefix, StringComparison.Ordinal);
            return (new SsmParameterValue(parameter.Value ?? string.Empty, secret), string.Empty);
        }
        catch (ParameterNotFoundException)
        {
            return (null, $"SSM parameter '{name}' does not exist in {_region} (ParameterNotFound): check the name (names are case-sensitive) and the Region (AWS_REGION)");
        }
        catch (ParameterVersionNotFoundException)
        {
            return (null, $"SSM parameter '{name}' has no such version or label in {_region} (ParameterVersionNotFound): check the ':version' or ':label' part");
        }
        catch (AmazonServiceException ex) when (ex.ErrorCode is "AccessDeniedException" or "AccessDenied")
        {
            return (null, $"SSM parameter '{name}' cannot be read: access denied ({(int)ex.StatusCode} {ex.ErrorCode}); allow ssm:GetParameter on it in the IAM policy of the instance role or user (and kms:Decrypt for a SecureString with a customer managed key, secretsmanager:GetSecretValue for a Secrets Manager reference)");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException or TaskCanceledException or AwsFailureException)
        {
            return (null, $"SSM parameter '{name}' cannot be read: {AwsErrors.Reason(ex, Service)}");
        }
    }

    private IAmazonSimpleSystemsManagement? Client()
    {
        if (_client is not null || _clientProblem is not null)
        {
            return _client;
        }

        try
        {
            var config = new AmazonSimpleSystemsManagementConfig
            {
                MaxErrorRetry = 4,
                Timeout = TimeSpan.FromSeconds(30),
            };
            var region = _environment.Region();
            if (_environment.EndpointOverride("SSM") is { } endpoint)
            {
                _region = region ?? DefaultOverrideRegion;
                config.ServiceURL = endpoint.ToString();
                config.AuthenticationRegion = _region;
            }
            else if (region is not null)
            {
                _region = region;
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }
            else
            {
                _clientProblem = "no AWS Region is configured: set AWS_REGION (or region in ~/.aws/config)";
                return null;
            }

            _client = new AmazonSimpleSystemsManagementClient(_environment.Credentials(), config);
        }
        catch (AwsFailureException ex)
        {
            _clientProblem = ex.Message;
        }
        catch (AmazonClientException ex)
        {
            _clientProblem = AwsErrors.Reason(ex, Service);
        }

        return _client;
    }
}

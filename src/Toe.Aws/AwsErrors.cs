using Amazon.Runtime;

namespace Toe.Aws;

/// <summary>One-line reasons for failed AWS calls, shared by every service client (never a stack trace, never a credential).</summary>
public static class AwsErrors
{
    public const string NoCredentials =
        "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE, ~/.aws/credentials), or run on an instance with an instance profile";

    /// <summary>What to tell a user for a service error code (the same advice whichever service answered).</summary>
    public static string Advice(string? errorCode, string service) => errorCode switch
    {
        "AccessDenied" or "AccessDeniedException" or "ForbiddenException" =>
            $"access denied: the credentials lack the {service} permission for this call (check the IAM policy of the user or role)",
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidAccessKeyId" =>
            "the access key is not recognised: check AWS_ACCESS_KEY_ID or the profile in use",
        "InvalidSignatureException" or "SignatureDoesNotMatch" =>
            "the request signature was refused: check AWS_SECRET_ACCESS_KEY and the machine's clock",
        "ExpiredTokenException" or "ExpiredToken" =>
            "the session token has expired: refresh the credentials (aws sso login, or new temporary keys)",
        "ThrottlingException" or "TooManyRequestsException" or "Throttling" or "CallRateLimitExceededException" =>
            $"{service} kept throttling the requests after retries: try again later or lower the concurrency",
        _ => string.Empty,
    };

    /// <summary>A one-line reason for an exception thrown by an SDK client or by <see cref="Signing.SignedRestClient"/>.</summary>
    public static string Reason(Exception exception, string service) => exception switch
    {
        AwsFailureException failure => failure.Message,
        AmazonServiceException error when Advice(error.ErrorCode, service) is { Length: > 0 } advice => $"{advice} ({(int)error.StatusCode} {error.ErrorCode})",
        AmazonServiceException error => $"{service} refused the request ({(int)error.StatusCode} {error.ErrorCode}): {error.Message}",
        AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) => NoCredentials,
        AmazonClientException client => $"the {service} request failed: {Innermost(client)}",
        HttpRequestException http => $"cannot reach {service}: {Innermost(http)}",
        TimeoutException or TaskCanceledException => $"{service} did not answer in time",
        _ => exception.Message,
    };

    /// <summary>The message of the innermost exception: the SDK and HttpClient wrap the useful one (DNS, refused, TLS).</summary>
    internal static string Innermost(Exception exception)
    {
        var message = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            message = inner.Message;
        }

        return message;
    }
}

using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Toe.Aws;

/// <summary>Turns SDK and network exceptions into one-line reasons for failure messages (never a stack trace, never a credential).</summary>
public static class S3Errors
{
    /// <summary>
    /// "&lt;subject&gt;: &lt;reason&gt;" for an exception thrown while working on <paramref name="subject"/>
    /// (an s3:// URI). <paramref name="expectedOwner"/> is mentioned for access-denied errors, the usual
    /// symptom of a wrong expectedBucketOwner.
    /// </summary>
    public static string Describe(Exception exception, string subject, string? expectedOwner = null) =>
        $"{subject}: {Reason(exception, expectedOwner)}";

    public static string Reason(Exception exception, string? expectedOwner = null)
    {
        switch (exception)
        {
            case S3FailureException failure:
                return failure.Message;
            case AmazonS3Exception s3:
                return S3Reason(s3, expectedOwner);
            case AmazonServiceException service:
                return $"the S3 request failed ({(int)service.StatusCode} {service.ErrorCode}): {service.Message}";
            case AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase):
                return AwsErrors.NoCredentials;
            case AmazonClientException client:
                return $"the S3 request failed: {AwsErrors.Innermost(client)}";
            case HttpRequestException http:
                return $"cannot reach S3: {AwsErrors.Innermost(http)}";
            case IOException io:
                return $"the transfer broke off: {io.Message}";
            case TimeoutException or TaskCanceledException:
                return "the S3 server did not answer in time";
            default:
                return exception.Message;
        }
    }

    private static string S3Reason(AmazonS3Exception s3, string? expectedOwner)
    {
        var code = string.IsNullOrEmpty(s3.ErrorCode) ? s3.StatusCode.ToString() : s3.ErrorCode;
        var status = $"({(int)s3.StatusCode} {code})";
        return code switch
        {
            "NoSuchKey" => $"the object does not exist {status}",
            "NoSuchBucket" => $"the bucket does not exist {status}",
            "AccessDenied" when expectedOwner is not null => $"access denied {status}: the bucket is not owned by account {expectedOwner} (expectedBucketOwner), or the credentials lack permission",
            "AccessDenied" => $"access denied {status}: the credentials lack permission for this bucket or object",
            "InvalidAccessKeyId" or "SignatureDoesNotMatch" => $"the credentials were refused {status}: check the access key and secret key",
            "InvalidRange" => $"the requested range is not available {status}",
            _ when s3.StatusCode == HttpStatusCode.NotFound => $"not found {status}",
            _ => $"the S3 request failed {status}: {s3.Message}",
        };
    }
}

/// <summary>Which exceptions are S3 transfer failures (as opposed to bugs or cancellation).</summary>
public static class S3ErrorKinds
{
    /// <summary>
    /// True for failures of the SDK, the network or the transfer. A cancellation is one only when
    /// <paramref name="cancellationToken"/> was not cancelled (the SDK's own timeout, not the step's).
    /// </summary>
    public static bool IsTransferFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        S3FailureException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}

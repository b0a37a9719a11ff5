namespace Toe.Aws;

/// <summary>
/// A failure of an AWS call or of the AWS configuration, with a one-line message for people (what failed
/// and what to fix). <see cref="ErrorCode"/> is the service's error code when the service answered.
/// </summary>
public sealed class AwsFailureException : Exception
{
    public AwsFailureException(string message, string? errorCode = null, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public string? ErrorCode { get; }

    public int? StatusCode { get; }
}

namespace Toe.Aws;

/// <summary>An S3 operation failed for a reason a person can act on; the message says which and why.</summary>
public sealed class S3FailureException : Exception
{
    public S3FailureException(string message)
        : base(message)
    {
    }

    public S3FailureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

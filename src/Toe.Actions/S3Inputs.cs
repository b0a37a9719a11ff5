using Toe.Aws;

namespace Toe.Actions;

/// <summary>Reading the inputs S3Download and S3Upload share.</summary>
internal static class S3Inputs
{
    /// <summary>An s3:// input, with a failure that shows the expected form.</summary>
    public static S3Location Location(string text, string input)
    {
        if (!S3Location.TryParse(text, out var location, out var error))
        {
            throw new ItemFailedException($"input '{input}': {error}");
        }

        return location;
    }

    /// <summary>
    /// <c>expectedBucketOwner</c>: a 12-digit account id. YAML reads 123456789022 as a number; it is
    /// taken as written. Anything but 12 digits is refused before a request, as S3 would refuse it.
    /// </summary>
    public static string? Owner(ItemInputs item)
    {
        var owner = item.Optional("expectedBucketOwner")?.Trim();
        if (string.IsNullOrEmpty(owner))
        {
            return null;
        }

        if (owner.Length != 12 || !owner.All(char.IsAsciiDigit))
        {
            throw new ItemFailedException($"input 'expectedBucketOwner' must be a 12-digit AWS account id, not '{owner}'");
        }

        return owner;
    }
}

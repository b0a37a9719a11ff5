namespace Toe.Aws.Fleet;

/// <summary>Which program the instances run: Toe itself, or AWS's awstoe (already installed there) with the same flags.</summary>
public enum FleetExecutor
{
    Toe,
    Awstoe,
}

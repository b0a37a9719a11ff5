namespace Toe.Aws.Fleet;

/// <summary>
/// One SSM Run Command target in the AWS CLI's syntax: <c>Key=tag:Name,Values=web-1,web-2</c> (keys
/// case-insensitive, as the CLI's shorthand). Keys SSM accepts: <c>tag:&lt;name&gt;</c>, <c>tag-key</c>,
/// <c>InstanceIds</c> and <c>resource-groups:Name</c>.
/// </summary>
public sealed record FleetTarget(string Key, IReadOnlyList<string> Values)
{
    /// <summary>Parses the shorthand; null and a one-line reason with an example when it is malformed.</summary>
    public static FleetTarget? Parse(string text, out string error)
    {
        error = string.Empty;
        var trimmed = text.Trim();
        const string Example = "write --targets Key=tag:Name,Values=web-1,web-2";
        if (!trimmed.StartsWith("key=", StringComparison.OrdinalIgnoreCase))
        {
            error = $"--targets '{text}' does not start with Key=; {Example}";
            return null;
        }

        var valuesAt = trimmed.IndexOf(",values=", StringComparison.OrdinalIgnoreCase);
        if (valuesAt < 0)
        {
            error = $"--targets '{text}' has no ,Values=; {Example}";
            return null;
        }

        var key = trimmed[4..valuesAt].Trim();
        var values = trimmed[(valuesAt + ",values=".Length)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (key.Length == 0 || values.Length == 0)
        {
            error = $"--targets '{text}' needs a key and at least one value; {Example}";
            return null;
        }

        if (!IsSupportedKey(key))
        {
            error = $"--targets key '{key}' is not one SSM accepts: use tag:<tag name>, tag-key, InstanceIds or resource-groups:Name";
            return null;
        }

        return new FleetTarget(key, values);
    }

    /// <summary>The DescribeInstanceInformation filter that lists the same instances, or null when none exists (resource groups).</summary>
    public string? InstanceInformationFilterKey =>
        Key.StartsWith("tag:", StringComparison.Ordinal) ? Key
        : Key.Equals("tag-key", StringComparison.OrdinalIgnoreCase) ? "tag-key"
        : Key.Equals("InstanceIds", StringComparison.OrdinalIgnoreCase) ? "InstanceIds"
        : null;

    public override string ToString() => $"Key={Key},Values={string.Join(',', Values)}";

    private static bool IsSupportedKey(string key) =>
        (key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > 4)
        || key.Equals("tag-key", StringComparison.OrdinalIgnoreCase)
        || key.Equals("InstanceIds", StringComparison.OrdinalIgnoreCase)
        || key.Equals("resource-groups:Name", StringComparison.OrdinalIgnoreCase);
}

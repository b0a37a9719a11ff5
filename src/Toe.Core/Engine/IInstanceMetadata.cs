namespace Toe.Engine;

/// <summary>The account and Region of the instance, from IMDS's instance identity document.</summary>
public sealed record InstanceIdentity(string AccountId, string Region);

/// <summary>
/// The EC2 Instance Metadata Service, as <c>{{ aws:imds:path }}</c> and <c>{{ context:accountId|region }}</c> read it.
/// Implemented in Toe.Aws (Toe.Core does not depend on it) and wired in by the CLI. Calls are synchronous
/// because variables are resolved synchronously; implementations bound every call by short timeouts.
/// </summary>
public interface IInstanceMetadata
{
    /// <summary>The value of <c>meta-data/&lt;path&gt;</c>; false with the reason (naming the path) when there is none.</summary>
    bool TryGet(string path, out string value, out string problem);

    /// <summary>The identity document's account id and Region; null when IMDS cannot be reached or has none.</summary>
    InstanceIdentity? Identity();
}

/// <summary>No instance metadata: the engine's default when nothing was wired in (in-process use, tests).</summary>
public sealed class NoInstanceMetadata : IInstanceMetadata
{
    public static NoInstanceMetadata Instance { get; } = new();

    public bool TryGet(string path, out string value, out string problem)
    {
        value = string.Empty;
        problem = "instance metadata (IMDS) is not available to this engine";
        return false;
    }

    public InstanceIdentity? Identity() => null;
}

/// <summary>Path rules for <c>{{ aws:imds:path }}</c>, shared by validation and the run.</summary>
public static class ImdsPaths
{
    /// <summary>The path below <c>meta-data/</c>: a leading '/' and a leading <c>meta-data/</c> are dropped.</summary>
    public static string Normalize(string path)
    {
        var trimmed = path.Trim().TrimStart('/');
        return trimmed.StartsWith("meta-data/", StringComparison.OrdinalIgnoreCase) ? trimmed["meta-data/".Length..] : trimmed;
    }

    /// <summary>
    /// Why the path cannot be read, or null. Credential paths are refused (as AWSTOE does); '.' and '..'
    /// segments are refused too, since the URL would be shortened past that check (iam/ through x/../iam/).
    /// </summary>
    public static string? Problem(string path)
    {
        var normalized = Normalize(path);
        if (normalized.Length == 0)
        {
            return "aws:imds: needs a path under meta-data/, e.g. {{ aws:imds:instance-id }}";
        }

        if (normalized.Split('/').Any(segment => segment is "." or ".."))
        {
            return "IMDS paths cannot contain '.' or '..' segments; write the path under meta-data/ directly, e.g. {{ aws:imds:placement/region }}";
        }

        return IsCredentialPath(normalized)
            ? "IMDS paths under iam/ and identity-credentials/ hold credentials; AWSTOE refuses them at validation, and so does Toe"
            : null;
    }

    private static bool IsCredentialPath(string normalized) =>
        normalized.Equals("iam", StringComparison.OrdinalIgnoreCase) || normalized.StartsWith("iam/", StringComparison.OrdinalIgnoreCase)
        || normalized.Equals("identity-credentials", StringComparison.OrdinalIgnoreCase) || normalized.StartsWith("identity-credentials/", StringComparison.OrdinalIgnoreCase);
}

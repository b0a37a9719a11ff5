namespace Toe.Actions.Packages;

/// <summary>The fields of /etc/os-release that UpdateOS uses to pick a package manager.</summary>
public sealed record OsRelease(string Id, IReadOnlyList<string> IdLike, string VersionId, string PrettyName)
{
    public static OsRelease Unknown { get; } = new(string.Empty, [], string.Empty, string.Empty);

    /// <summary>Amazon Linux 2023, whose repositories are versioned: updates beyond the locked release need --releasever=latest.</summary>
    public bool IsAmazonLinux2023 => Id == "amzn" && VersionId == "2023";

    /// <summary>For messages: PRETTY_NAME, else ID and VERSION_ID, else "an unknown Linux".</summary>
    public string Describe() => PrettyName.Length > 0 ? PrettyName : Id.Length > 0 ? $"{Id} {VersionId}".Trim() : "a Linux without /etc/os-release";

    /// <summary>Reads the file; a missing or unreadable file is <see cref="Unknown"/> (detection then relies on PATH).</summary>
    public static OsRelease Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return Unknown;
        }
        catch (UnauthorizedAccessException)
        {
            return Unknown;
        }
    }

    /// <summary>KEY=value lines (the engine's parser, shared with <c>{{ context:osName }}</c>).</summary>
    public static OsRelease Parse(string text)
    {
        var fields = Toe.Engine.SystemHostEnvironment.ParseOsRelease(text);
        string Field(string key) => fields.TryGetValue(key, out var value) ? value : string.Empty;
        return new OsRelease(
            Field("ID").ToLowerInvariant(),
            Field("ID_LIKE").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Field("VERSION_ID"),
            Field("PRETTY_NAME"));
    }
}

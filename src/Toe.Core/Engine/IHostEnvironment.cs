namespace Toe.Engine;

/// <summary>
/// What the engine reads from the machine for <c>{{ env:NAME }}</c> and <c>{{ context:... }}</c>.
/// </summary>
public interface IHostEnvironment
{
    /// <summary>The variable's value, or null when it is not set. Names are exact (case-sensitive on Unix).</summary>
    string? GetEnvironmentVariable(string name);

    /// <summary>"linux", "darwin" or "windows" (the names AWSTOE uses for platforms).</summary>
    string OsPlatform { get; }

    /// <summary>NAME from /etc/os-release on Linux (e.g. "Amazon Linux"), "macOS" on macOS.</summary>
    string OsName { get; }

    /// <summary>VERSION_ID from /etc/os-release on Linux (e.g. "2023"), the OS version elsewhere.</summary>
    string OsVersion { get; }

    string Hostname { get; }

    /// <summary>The AWS account id when IMDS cannot tell it (off EC2): empty on a real machine.</summary>
    string AccountId { get; }

    /// <summary>The AWS Region when IMDS cannot tell it (off EC2): empty on a real machine.</summary>
    string Region { get; }
}

public sealed class SystemHostEnvironment : IHostEnvironment
{
    private readonly Lazy<(string Name, string Version)> _os;

    public SystemHostEnvironment(string osReleasePath = "/etc/os-release")
    {
        _os = new Lazy<(string, string)>(() => ReadOs(osReleasePath));
    }

    public static SystemHostEnvironment Instance { get; } = new();

    public string OsPlatform =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : Environment.OSVersion.Platform.ToString().ToLowerInvariant();

    public string OsName => _os.Value.Name;

    public string OsVersion => _os.Value.Version;

    public string Hostname => Environment.MachineName;

    public string AccountId => string.Empty;

    public string Region => string.Empty;

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>Parses os-release: KEY=value lines, values optionally quoted.</summary>
    public static IReadOnlyDictionary<string, string> ParseOsRelease(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            values[line[..equals]] = value;
        }

        return values;
    }

    private static (string, string) ReadOs(string osReleasePath)
    {
        if (OperatingSystem.IsMacOS())
        {
            return ("macOS", Environment.OSVersion.Version.ToString());
        }

        try
        {
            if (File.Exists(osReleasePath))
            {
                var values = ParseOsRelease(File.ReadAllText(osReleasePath));
                return (values.GetValueOrDefault("NAME", string.Empty), values.GetValueOrDefault("VERSION_ID", string.Empty));
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return (string.Empty, Environment.OSVersion.Version.ToString());
    }
}

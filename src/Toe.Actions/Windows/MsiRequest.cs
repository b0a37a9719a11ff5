using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Toe.Actions.Windows;

public enum MsiOperation
{
    Install,
    Uninstall,
}

/// <summary>What happens after a successful msiexec run (the <c>reboot</c> input).</summary>
public enum MsiReboot
{
    /// <summary>Reboot when msiexec says one is needed (exit code 3010 or 1641). The default.</summary>
    Allow,

    /// <summary>Always reboot after success.</summary>
    Force,

    /// <summary>Never reboot; say so in the console when msiexec wanted one.</summary>
    Skip,
}

/// <summary>
/// The checked inputs of one InstallMSI or UninstallMSI step. <see cref="Parse"/> throws
/// <see cref="ItemFailedException"/> naming the input and what to write instead.
/// </summary>
public sealed partial record MsiRequest
{
    public const string DefaultLogOptions = "*VX";

    /// <summary>Properties Toe sets itself (REBOOT=ReallySuppress) or that the page says may not be modified.</summary>
    public static IReadOnlyList<string> ReservedProperties { get; } = ["REBOOT", "REINSTALLMODE", "REINSTALL"];

    public required MsiOperation Operation { get; init; }

    /// <summary>The MSI file as written in the step (a local path, s3:// URI or http(s):// URL).</summary>
    public required string Path { get; init; }

    public string? LogFile { get; init; }

    public string LogOptions { get; init; } = DefaultLogOptions;

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    public MsiReboot Reboot { get; init; } = MsiReboot.Allow;

    public bool IgnoreAuthenticodeSignatureErrors { get; init; }

    public bool AllowUnsignedInstaller { get; init; }

    /// <summary>True when <see cref="Path"/> is an S3 URI or web URL rather than a local file.</summary>
    public bool IsRemote => Path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
        || Path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || Path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static MsiRequest Parse(MsiOperation operation, JsonNode? inputs)
    {
        if (inputs is not JsonObject map)
        {
            throw new ItemFailedException("inputs must be a mapping with at least 'path', e.g. 'path: C:\\installers\\app.msi'");
        }

        var item = new ItemInputs(0, map);
        var path = item.Required("path");
        RefuseQuote(path, "path");
        var logFile = item.Optional("logFile");
        if (logFile is not null)
        {
            if (string.IsNullOrWhiteSpace(logFile))
            {
                throw new ItemFailedException("input 'logFile' is empty; give a log file path or leave the input out");
            }

            RefuseQuote(logFile, "logFile");
        }

        var logOptions = item.Optional("logOptions") ?? DefaultLogOptions;
        if (logOptions.Length == 0 || !LogOptionPattern().IsMatch(logOptions))
        {
            throw new ItemFailedException($"input 'logOptions' is '{logOptions}'; use msiexec /L flags from i, w, e, a, r, u, c, m, o, p, v, x, +, !, * (default {DefaultLogOptions})");
        }

        var rebootText = item.Optional("reboot") ?? nameof(MsiReboot.Allow);
        var reboot = rebootText.Trim().ToUpperInvariant() switch
        {
            "ALLOW" => MsiReboot.Allow,
            "FORCE" => MsiReboot.Force,
            "SKIP" => MsiReboot.Skip,
            _ => throw new ItemFailedException($"input 'reboot' is '{rebootText}'; use Allow, Force or Skip"),
        };

        return new MsiRequest
        {
            Operation = operation,
            Path = path,
            LogFile = logFile,
            LogOptions = logOptions,
            Properties = ParseProperties(item.Node("properties")),
            Reboot = reboot,
            IgnoreAuthenticodeSignatureErrors = item.Boolean("ignoreAuthenticodeSignatureErrors", false),
            AllowUnsignedInstaller = item.Boolean("allowUnsignedInstaller", false),
        };
    }

    private static List<KeyValuePair<string, string>> ParseProperties(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject map)
        {
            throw new ItemFailedException("input 'properties' must be a mapping of MSI property names to values, e.g. 'INSTALLDIR: C:\\Apps\\Mine'");
        }

        var item = new ItemInputs(0, map);
        var properties = new List<KeyValuePair<string, string>>();
        foreach (var (name, _) in map)
        {
            if (!PropertyNamePattern().IsMatch(name))
            {
                throw new ItemFailedException($"'{name}' in 'properties' is not an MSI property name (letters, digits, '_' and '.', not starting with a digit or '.')");
            }

            if (ReservedProperties.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ItemFailedException($"property '{name}' may not be set in 'properties' (REBOOT, REINSTALLMODE and REINSTALL are reserved); use the 'reboot' input for reboot behaviour");
            }

            properties.Add(new(name, item.Optional(name) ?? string.Empty));
        }

        return properties;
    }

    private static void RefuseQuote(string value, string input)
    {
        if (value.Contains('"', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input '{input}' contains a double quote ('\"'); write the path without quotes, Toe quotes it for msiexec");
        }
    }

    [GeneratedRegex(@"^[iwearucmopvx+!*]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LogOptionPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyNamePattern();
}

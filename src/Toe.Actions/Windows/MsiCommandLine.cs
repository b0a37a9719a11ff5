namespace Toe.Actions.Windows;

/// <summary>
/// The msiexec command line of an InstallMSI or UninstallMSI step, built as AWSTOE's page describes:
/// <c>/i</c> (or <c>/x</c>) and the MSI path in double quotes, quiet and without msiexec's own restart,
/// <c>/L&lt;logOptions&gt;</c> and the log file in double quotes when a log file is given, <c>REBOOT=ReallySuppress</c>
/// (Toe, not msiexec, reboots: the <c>reboot</c> input), then the properties in document order.
/// msiexec parses its command line itself, so the line is passed as written (<see cref="Toe.Processes.ProcessSpec.RawArguments"/>).
/// </summary>
public static class MsiCommandLine
{
    /// <summary>
    /// The arguments as msiexec receives them, each exactly as it appears on the command line (with its quotes).
    /// <paramref name="msiPath"/> and <paramref name="logFile"/> are the resolved local paths.
    /// </summary>
    public static IReadOnlyList<string> Arguments(MsiRequest request, string msiPath, string? logFile)
    {
        var arguments = new List<string>
        {
            request.Operation == MsiOperation.Install ? "/i" : "/x",
            Quote(msiPath),
            "/quiet",
            "/norestart",
        };
        if (logFile is not null)
        {
            arguments.Add("/L" + request.LogOptions);
            arguments.Add(Quote(logFile));
        }

        arguments.Add("REBOOT=ReallySuppress");
        foreach (var (name, value) in request.Properties)
        {
            arguments.Add(name + "=" + PropertyValue(value));
        }

        return arguments;
    }

    /// <summary>The arguments joined into the command line given to msiexec.</summary>
    public static string Join(IReadOnlyList<string> arguments) => string.Join(' ', arguments);

    /// <summary>
    /// A property value on the msiexec command line. A value already in double quotes is the author's quoting
    /// (the page's documented form, <c>'"Acme ""Widgets"""'</c>) and is passed as written; a value that needs
    /// quotes (empty, spaces, tabs, or a quote inside) and has none is put in quotes with inner quotes doubled,
    /// which is what msiexec requires; any other value is passed as written.
    /// </summary>
    public static string PropertyValue(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value;
        }

        var needsQuotes = value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c == '"');
        return needsQuotes ? Quote(value.Replace("\"", "\"\"", StringComparison.Ordinal)) : value;
    }

    private static string Quote(string text) => "\"" + text + "\"";
}

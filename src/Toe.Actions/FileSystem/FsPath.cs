using System.IO.Enumeration;

namespace Toe.Actions.FileSystem;

/// <summary>
/// The path rules shared by the file-system modules (docs/compatibility.md, "File-system modules"):
/// relative paths are relative to Toe's working directory, as in AWSTOE; <c>..</c> segments are
/// resolved before anything is touched and the resolved path is what messages show; a trailing
/// separator means "a folder"; a <c>*</c> wildcard is accepted only after the last separator.
/// On Linux and macOS only '/' separates; '\' is an ordinary file-name character there.
/// </summary>
public static class FsPath
{
    /// <summary>The absolute, normalised form of an input path. Empty input is a failure.</summary>
    public static string Resolve(string raw, string input = "path")
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ItemFailedException($"input '{input}' is empty; give a path");
        }

        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input '{input}' contains a NUL character");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(raw)) is { Length: > 0 } full ? full : Path.GetFullPath(raw);
    }

    /// <summary>True when the input ends with a separator: the documented way to say "a folder".</summary>
    public static bool NamesFolder(string raw) =>
        raw.EndsWith('/') || (OperatingSystem.IsWindows() && raw.EndsWith('\\'));

    /// <summary>True when the last segment of the input holds a wildcard.</summary>
    public static bool HasWildcard(string raw) => LastSegment(raw).Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// Splits <c>/folder/Sample*</c> into the folder and the pattern. A <c>*</c> before the last
    /// separator is refused (the documented rule), and so is a pattern with a trailing separator.
    /// </summary>
    public static (string Folder, string Pattern) SplitWildcard(string raw, string input)
    {
        var cut = LastSeparator(raw);
        var folderPart = cut < 0 ? "." : raw[..(cut + 1)];
        if (folderPart.Contains('*', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input '{input}': a wildcard is accepted only after the last path separator ('{raw}')");
        }

        return (Resolve(folderPart, input), raw[(cut + 1)..]);
    }

    /// <summary>Entry names in a folder that match a <c>*</c>-only pattern, ordinal order (deterministic).</summary>
    public static bool Matches(string pattern, string name) =>
        FileSystemName.MatchesSimpleExpression(pattern.Replace("?", "\\?", StringComparison.Ordinal), name, ignoreCase: OperatingSystem.IsWindows());

    public static string LastSegment(string raw)
    {
        var cut = LastSeparator(raw);
        return cut < 0 ? raw : raw[(cut + 1)..];
    }

    private static int LastSeparator(string raw) =>
        OperatingSystem.IsWindows() ? raw.LastIndexOfAny(['/', '\\']) : raw.LastIndexOf('/');
}

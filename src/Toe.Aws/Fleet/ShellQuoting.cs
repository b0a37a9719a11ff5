namespace Toe.Aws.Fleet;

/// <summary>POSIX shell quoting for the generated command: single quotes, with embedded ones closed and reopened.</summary>
public static class ShellQuoting
{
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

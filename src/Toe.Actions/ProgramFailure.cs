using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// The failure message of a module whose program exited with an unexpected code: the code, then the last
/// lines of stderr (what the author needs to see first). Shared by ExecutePowerShell, InstallMSI,
/// UninstallMSI and UpdateOS; ExecuteBash and ExecuteBinary word theirs the same way. Not a module.
/// </summary>
internal static class ProgramFailure
{
    public static string Message(string what, int exitCode, ActionContext context) =>
        WithStderr($"{what} failed with exit code {exitCode}", context);

    /// <summary>The message followed by the last lines of stderr, when there were any.</summary>
    public static string WithStderr(string message, ActionContext context)
    {
        var tail = context.Output.StderrTail;
        if (tail.Count > 0)
        {
            message += "\nLast lines of stderr:\n" + string.Join("\n", tail);
        }

        return message;
    }
}

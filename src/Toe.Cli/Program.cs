namespace Toe.Cli;

/// <summary>
/// Placeholder entry point so the solution builds on the engine branch. The real command line
/// (System.CommandLine host over <c>Toe.Engine.Engine</c>) lands from main; take main's file on merge.
/// </summary>
internal static class Program
{
    private static int Main()
    {
        Console.Error.WriteLine("toe: the command line is not implemented on this branch yet");
        return 1;
    }
}

namespace Toe.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // `toe --version` is what scripts call to check the binary is there: answer it without building
        // the command tree (System.CommandLine loads its resources through reflection to describe --help,
        // about a tenth of the start-up). The answer is the same as the tree's (CliBasicsTests).
        if (args is ["--version"] or ["-v"])
        {
            Console.Out.WriteLine(CliHost.Version);
            return Task.FromResult(ExitCodes.Success);
        }

        return CliHost.RunAsync(args, Console.Out, Console.Error);
    }
}

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

        // Before anything sets up .NET's signal handling: a SIGCHLD ignored by whoever started Toe would lose the
        // exit codes of its steps (ChildSignals).
        Toe.Processes.ChildSignals.RestoreDefault();

        if (args is ["run", ..] or ["validate", ..])
        {
            // Start-up of the commands that read documents (docs/performance.md): no GC until the documents are checked,
            // and the schema, which takes milliseconds to build under Native AOT, built on another thread meanwhile
            // (RunCommand starts the report serialisers once a document is read). Here and not in CliHost: tests run
            // CliHost in their own process.
            StartupGc.Pause();
            Toe.Validation.DocumentValidator.Prepare();
        }

        return CliHost.RunAsync(args, Console.Out, Console.Error);
    }
}

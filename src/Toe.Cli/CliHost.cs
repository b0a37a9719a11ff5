using System.CommandLine;
using System.Reflection;

namespace Toe.Cli;

/// <summary>
/// The <c>toe</c> command tree. Thin on purpose (GitVersion's CliHost): it parses options, calls
/// Toe.Core, and turns results into output and exit codes. No document logic lives here.
/// </summary>
public static class CliHost
{
    public static string Version { get; } =
        typeof(CliHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "toe: runs AWSTOE component documents (YAML) locally, in CI and on EC2 Image Builder instances.\n" +
            "A drop-in replacement for awstoe: the same commands, flags, log folder and exit codes.\n\n" +
            "Examples:\n" +
            "  toe validate --documents component.yml\n" +
            "  toe run --documents component.yml --phases build,test --parameters Name=value\n" +
            "  toe run --config run-config.json");
        foreach (var option in root.Options)
        {
            if (option is VersionOption)
            {
                option.Aliases.Add("-v");
            }
        }

        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(StateCommand.Create(stdout, stderr));
        root.Subcommands.Add(Aws.AwsCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Toe handles SIGINT and SIGTERM itself so that it can end the running step and still write its reports.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };

        var trace = args.Contains("--trace") || args.Contains("-t");
        try
        {
            return await parse.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Never a stack trace for users, unless they asked for details with --trace.
            await stderr.WriteLineAsync($"toe: internal error: {ex.Message}").ConfigureAwait(false);
            if (trace)
            {
                await stderr.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }
            else
            {
                await stderr.WriteLineAsync("toe: run again with --trace for details, and please report it").ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }
    }
}

/// <summary>Process exit codes: awstoe's samples treat 0 as success, 194 as "reboot and run again", anything else as failure.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int RebootRequested = 194;
}

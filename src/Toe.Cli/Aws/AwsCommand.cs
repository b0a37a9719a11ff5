using System.CommandLine;

namespace Toe.Cli.Aws;

/// <summary>
/// <c>toe aws ...</c>: commands that talk to AWS control planes rather than run documents locally. This file only
/// gathers the subcommands; each lives in its own file.
/// </summary>
internal static class AwsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("aws", "Work with AWS: publish a component document to EC2 Image Builder.");
        command.Subcommands.Add(AwsPublishCommand.Create(stdout, stderr));
        return command;
    }
}

using System.CommandLine;

namespace Toe.Cli.Aws;

/// <summary>
/// <c>toe aws ...</c>: Toe's thin orchestration over AWS control planes rather than running documents locally.
/// This file only gathers the subcommands; each lives in its own file.
/// </summary>
internal static class AwsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command(
            "aws",
            "Work with AWS: publish a component document to EC2 Image Builder (toe aws publish), or run documents on " +
            "EC2 instances through Systems Manager Run Command (toe aws run).");
        command.Subcommands.Add(AwsPublishCommand.Create(stdout, stderr));
        command.Subcommands.Add(AwsRunCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace Toe.Cli.Aws;

/// <summary><c>toe aws ...</c>: Toe's thin orchestration over AWS services (Systems Manager Run Command, ...).</summary>
internal static class AwsCommand
{
    public static Command Create()
    {
        var command = new Command("aws", "Run documents on AWS: on EC2 instances through Systems Manager Run Command (toe aws run).");
        command.Subcommands.Add(AwsRunCommand.Create());
        return command;
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary>The binary's surface: version, help, and awstoe's flags with their short forms.</summary>
[Parallelizable(ParallelScope.All)]
public class CliBasicsTests
{
    [TestCase("--version")]
    [TestCase("-v")]
    [TestCase("run", "--version")]
    public void Version_is_printed(params string[] args)
    {
        var result = ToeProcess.Run(args);
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Test]
    public void The_short_cut_for_version_answers_exactly_what_the_command_tree_answers()
    {
        var fast = ToeProcess.Run("--version");
        var tree = ToeProcess.Run("run", "--version");

        fast.Stdout.Should().Be(tree.Stdout);
        ToeProcess.Run("-v").Stdout.Should().Be(tree.Stdout);
    }

    [Test]
    public void Help_lists_the_commands()
    {
        var result = ToeProcess.Run("--help");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("run").And.Contain("validate").And.Contain("toe validate --documents component.yml");
    }

    [Test]
    public void Run_help_lists_every_awstoe_flag_with_its_short_form()
    {
        var result = ToeProcess.Run("run", "-h");
        result.ExitCode.Should().Be(0);
        foreach (var flag in new[]
        {
            "-c, --config", "-d, --documents", "-p, --phases", "--parameters", "-i, --execution-id", "-l, --log-directory",
            "-s, --state-directory", "-t, --trace", "-v, --version", "--blocked-action-modules", "--document-s3-bucket-owner",
            "-b, --log-s3-bucket-name", "--log-s3-bucket-owner", "-k, --log-s3-key-prefix", "--cw-log-group", "--cw-log-stream",
            "--cw-log-region", "--cw-ignore-failures", "--reboot-mode", "--max-reboots",
        })
        {
            result.Stdout.Should().Contain(flag);
        }

        result.Stdout.Should().Contain("194 (3010 on Windows) when a step asked for a reboot", "the exit codes are explained, the reboot one included");
        result.Stdout.Should().NotContain("not supported yet", "every flag works, the CloudWatch ones included");
        result.Stdout.Should().Contain("(default: the execution id)", "the default CloudWatch stream is documented");
    }

    [Test]
    public void Validate_help_lists_its_flags()
    {
        var result = ToeProcess.Run("validate", "--help");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("-d, --documents").And.Contain("--blocked-action-modules").And.Contain("--os-platforms")
            .And.Contain("--document-s3-bucket-owner").And.Contain("-t, --trace").And.Contain("--output");
    }

    [Test]
    public void An_unknown_flag_is_an_error_with_exit_code_1()
    {
        var result = ToeProcess.Run("run", "--documentz", "x.yml");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("--documentz");
    }
}

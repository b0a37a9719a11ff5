using FluentAssertions;
using NUnit.Framework;
using Toe.Reboot;

namespace Toe.Tests.Reboot;

[TestFixture]
public sealed class ResumeTriggerTests
{
    private static readonly string[] Command = ["/usr/local/bin/toe", "run", "--documents", "my doc.yml", "--parameters", "Greeting=it's 100%", "--execution-id", "$HOME"];

    [Test]
    public void The_systemd_unit_runs_the_same_command_once_the_network_is_up_with_nothing_expanded()
    {
        var unit = ResumeTriggers.SystemdUnit(Command, "/srv/build dir");

        unit.Should().Contain("After=network-online.target\nWants=network-online.target\n")
            .And.Contain("Type=oneshot\n")
            .And.Contain("WorkingDirectory=\"/srv/build dir\"\n")
            .And.Contain("ExecStart=\"/usr/local/bin/toe\" \"run\" \"--documents\" \"my doc.yml\" \"--parameters\" \"Greeting=it's 100%%\" \"--execution-id\" \"$$HOME\"\n")
            .And.Contain("WantedBy=multi-user.target\n");
    }

    [Test]
    public void The_crontab_line_quotes_for_sh_escapes_percent_signs_and_carries_the_marker()
    {
        ResumeTriggers.CrontabLine(Command, "/srv/build dir").Should().Be(
            "@reboot cd '/srv/build dir' && /usr/local/bin/toe run --documents 'my doc.yml' --parameters 'Greeting=it'\\''s 100\\%' --execution-id '$HOME' # toe-resume");
    }

    [TestCase("plain", "plain")]
    [TestCase("", "''")]
    [TestCase("a b", "'a b'")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("$(reboot)", "'$(reboot)'")]
    public void Shell_quoting_leaves_nothing_for_the_shell_to_expand(string value, string quoted) =>
        ResumeTriggers.ShellQuote(value).Should().Be(quoted);

    [Test]
    public void Auto_mode_exits_under_the_ssm_agent_and_at_a_terminal_and_reboots_only_when_standalone()
    {
        RebootModes.ResolveAuto(name => name == "AWS_SSM_INSTANCE_ID" ? "i-0123" : null, interactive: false).Mode.Should().Be(RebootMode.Exit);
        RebootModes.ResolveAuto(_ => null, interactive: true).Mode.Should().Be(RebootMode.Exit);
        RebootModes.ResolveAuto(_ => null, interactive: false).Mode.Should().Be(RebootMode.System);
    }

    [TestCase("exit", RebootMode.Exit)]
    [TestCase("SIMULATE", RebootMode.Simulate)]
    [TestCase(" fail ", RebootMode.Fail)]
    public void Reboot_modes_parse_case_insensitively(string text, RebootMode mode)
    {
        RebootModes.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(mode);
    }

    [TestCase("1")]
    [TestCase("reboot")]
    public void Unknown_reboot_modes_and_numbers_are_refused(string text) => RebootModes.TryParse(text, out _).Should().BeFalse();
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Actions.Packages;
using Toe.Engine;
using Toe.Tests.Support;

namespace Toe.Tests.Actions;

/// <summary>
/// UpdateOS against stand-in package managers: small bash scripts in a temporary bin folder that record their
/// arguments (one line per call: <c>program [arg] [arg]</c>) and act as told. PATH is only that folder, so the
/// real package managers of the test machine are never run.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[Platform(Exclude = "Win", Reason = "UpdateOS on Linux: bash stand-ins for apt-get, dnf, yum, zypper")]
public sealed class UpdateOsTests
{
    private const string Debian = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
    private const string AmazonLinux2023 = "NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"2023\"\nPRETTY_NAME=\"Amazon Linux 2023.6.20241010\"\n";
    private const string AmazonLinux2 = "NAME=\"Amazon Linux\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\nVERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n";
    private const string Sles = "NAME=\"SLES\"\nVERSION_ID=\"15.5\"\nID=\"sles\"\nID_LIKE=\"suse\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\n";

    private const string AptOptions = "[-y] [-q] [-o] [Dpkg::Options::=--force-confdef] [-o] [Dpkg::Options::=--force-confold]";

    // The Linux input example of the page.
    private const string PageLinuxExample = "exclude:\n  - ec2-hibinit-agent";

    [Test]
    public async Task Page_example_on_apt_get_holds_the_excluded_package_for_the_upgrade_and_releases_it()
    {
        using var machine = new StandIns(Debian);
        machine.Add("apt-get", "echo \"DEBIAN_FRONTEND=$DEBIAN_FRONTEND\" >> \"$RECORD\"");
        machine.Add("dpkg-query", "echo 'ii  ec2-hibinit-agent'");
        machine.Add("apt-mark");

        var (result, run) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        result.Reboot.Should().BeNull();
        machine.Calls.Should().Equal(
            "apt-get [-q] [update]",
            "DEBIAN_FRONTEND=noninteractive",
            "dpkg-query [-W] [-f=${db:Status-Abbrev} ${Package}\\n] [ec2-hibinit-agent]",
            "apt-mark [showhold]",
            "apt-mark [hold] [ec2-hibinit-agent]",
            $"apt-get {AptOptions} [upgrade] [--with-new-pkgs]",
            "DEBIAN_FRONTEND=noninteractive",
            "apt-mark [unhold] [ec2-hibinit-agent]");
        run.Stdout.Should().StartWith("UpdateOS: updating Debian GNU/Linux 12 (bookworm) with apt-get; all available updates; exclude: ec2-hibinit-agent\n");
    }

    [Test]
    public async Task Page_example_on_Amazon_Linux_2023_uses_dnf_with_the_latest_release_and_an_exclude_option()
    {
        using var machine = new StandIns(AmazonLinux2023);
        machine.Add("dnf");
        machine.Add("yum");

        var (result, run) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal("dnf [-y] [--releasever=latest] [upgrade] [--exclude=ec2-hibinit-agent]");
    }

    [Test]
    public async Task Page_example_on_Amazon_Linux_2_uses_yum_update()
    {
        using var machine = new StandIns(AmazonLinux2);
        machine.Add("yum");

        var (result, run) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal("yum [-y] [update] [--exclude=ec2-hibinit-agent]");
    }

    [Test]
    public async Task Page_example_on_SUSE_locks_the_excluded_package_for_the_update_and_unlocks_it()
    {
        using var machine = new StandIns(Sles);
        machine.Add("zypper", "[ \"$2\" = --quiet ] && printf '# | Name | Type | Repository\\n--+------+------+-----------\\n1 | kernel-default | package | (any)\\n'");

        var (result, run) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal(
            "zypper [--non-interactive] [--quiet] [locks]",
            "zypper [--non-interactive] [addlock] [ec2-hibinit-agent]",
            "zypper [--non-interactive] [update] [--auto-agree-with-licenses]",
            "zypper [--non-interactive] [removelock] [ec2-hibinit-agent]");
    }

    [Test]
    public async Task Without_inputs_every_update_is_installed()
    {
        using var machine = new StandIns(AmazonLinux2023);
        machine.Add("dnf");

        var (result, _) = await machine.RunAsync(null);

        result.Success.Should().BeTrue();
        machine.Calls.Should().Equal("dnf [-y] [--releasever=latest] [upgrade]");
    }

    [Test]
    public async Task Page_Windows_example_on_Linux_updates_nothing_because_no_installed_package_matches_include()
    {
        using var machine = new StandIns(AmazonLinux2023);
        machine.Add("dnf");
        machine.Add("rpm");

        var (result, run) = await machine.RunAsync("include:\n  - KB1234567\n  - '*Security*'");

        result.Success.Should().BeTrue();
        machine.Calls.Should().Equal("rpm [-qa] [--qf] [%{NAME}\\n] [KB1234567] [*Security*]");
        run.Stdout.Should().Contain("UpdateOS: no installed package matches 'include' (KB1234567, *Security*); nothing to update");
    }

    [Test]
    public async Task Include_and_exclude_update_the_installed_included_packages_that_are_not_excluded()
    {
        using var machine = new StandIns(Debian);
        machine.Add("apt-get");
        machine.Add("apt-mark", "[ \"$1\" = showhold ] && echo libssl3-dev");
        machine.Add("dpkg-query", "[ \"$3\" = 'libssl3-dev' ] && echo 'hi  libssl3-dev' || printf 'ii  openssl\\nii  libssl3\\nhi  libssl3-dev\\nun  libssl-doc\\n'");

        var (result, run) = await machine.RunAsync("include:\n  - openssl\n  - 'libssl*'\n  - curl\nexclude:\n  - libssl3-dev");

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal(
            "apt-get [-q] [update]",
            "dpkg-query [-W] [-f=${db:Status-Abbrev} ${Package}\\n] [libssl3-dev]",
            "apt-mark [showhold]",
            "dpkg-query [-W] [-f=${db:Status-Abbrev} ${Package}\\n] [openssl] [libssl*] [curl]",
            $"apt-get {AptOptions} [install] [--only-upgrade] [openssl] [libssl3]");
        run.Stdout.Should().Contain("UpdateOS: not installed, so not updated: curl");
    }

    [Test]
    public async Task A_failing_update_fails_the_step_with_the_command_and_stderr_and_still_releases_the_hold()
    {
        using var machine = new StandIns(Debian);
        machine.Add("apt-get", "[ \"$7\" = upgrade ] && { echo 'E: Could not get lock /var/lib/dpkg/lock-frontend' >&2; exit 100; }");
        machine.Add("dpkg-query", "echo 'ii  ec2-hibinit-agent'");
        machine.Add("apt-mark");

        var (result, _) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeFalse();
        result.ExitCode.Should().Be(100);
        result.FailureMessage.Should().StartWith($"UpdateOS: 'apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold upgrade --with-new-pkgs' failed with exit code 100\nLast lines of stderr:\nE: Could not get lock /var/lib/dpkg/lock-frontend");
        machine.Calls[^1].Should().Be("apt-mark [unhold] [ec2-hibinit-agent]");
    }

    [Test]
    public async Task A_new_kernel_asks_for_a_reboot_after_which_the_step_does_not_run_again()
    {
        using var machine = new StandIns(AmazonLinux2023);
        Directory.CreateDirectory(Path.Combine(machine.Modules, "6.1.100-1.amzn2023.x86_64"));
        machine.Add("dnf", $"/bin/mkdir -p '{machine.Modules}/6.1.115-126.197.amzn2023.x86_64'");

        var (result, run) = await machine.RunAsync(null);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        result.Reboot.Should().Be(new RebootRequest(RerunStep: false, DelaySeconds: 0, "UpdateOS: kernel 6.1.115-126.197.amzn2023.x86_64 was installed"));
    }

    [Test]
    public async Task An_update_without_a_new_kernel_does_not_ask_for_a_reboot()
    {
        using var machine = new StandIns(AmazonLinux2023);
        Directory.CreateDirectory(Path.Combine(machine.Modules, "6.1.100-1.amzn2023.x86_64"));
        machine.Add("dnf");

        var (result, _) = await machine.RunAsync(null);

        result.Success.Should().BeTrue();
        result.Reboot.Should().BeNull();
    }

    [Test]
    public async Task Debian_reboot_required_file_asks_for_a_reboot()
    {
        using var machine = new StandIns(Debian);
        machine.Add("apt-get", $"[ \"$7\" = upgrade ] && : > '{machine.RebootRequired}'; true");

        var (result, _) = await machine.RunAsync(null);

        result.Success.Should().BeTrue();
        result.Reboot.Should().NotBeNull();
        result.Reboot!.RerunStep.Should().BeFalse();
        result.Reboot.Reason.Should().Be($"UpdateOS: {machine.RebootRequired} exists");
    }

    [Test]
    public async Task Zypper_exit_code_102_asks_for_a_reboot_and_103_runs_the_update_again()
    {
        using var machine = new StandIns(Sles);
        var counter = Path.Combine(machine.Root, "runs");
        machine.Add("zypper", $"if [ -e '{counter}' ]; then exit 102; else : > '{counter}'; exit 103; fi");

        var (result, run) = await machine.RunAsync(null);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal(
            "zypper [--non-interactive] [update] [--auto-agree-with-licenses]",
            "zypper [--non-interactive] [update] [--auto-agree-with-licenses]");
        result.Reboot!.Reason.Should().Be("UpdateOS: zypper exited with code 102 (reboot needed)");
    }

    [Test]
    public async Task The_package_manager_of_the_distribution_family_comes_first_then_PATH_decides()
    {
        using var machine = new StandIns(Debian);
        machine.Add("dnf");
        machine.Add("zypper");

        var (result, run) = await machine.RunAsync(null);

        result.Success.Should().BeTrue(run.Stdout + run.Stderr);
        machine.Calls.Should().Equal("dnf [-y] [upgrade]");
    }

    [Test]
    public async Task Without_a_supported_package_manager_the_step_fails_and_says_what_was_looked_for()
    {
        using var machine = new StandIns(Debian);

        var (result, _) = await machine.RunAsync(PageLinuxExample);

        result.Success.Should().BeFalse();
        result.FailureMessage.Should().Be($"UpdateOS: no supported package manager (apt-get, dnf, yum, zypper) was found on PATH ({machine.Bin}) on Debian GNU/Linux 12 (bookworm)");
    }

    [TestCase("include:\n  - '-y'", "UpdateOS: input 'include' has '-y', which is not a package name (one name or glob per list item, no spaces, not starting with '-')")]
    [TestCase("exclude:\n  - 'a b'", "UpdateOS: input 'exclude' has 'a b', which is not a package name (one name or glob per list item, no spaces, not starting with '-')")]
    [TestCase("exclude: ec2-hibinit-agent", "UpdateOS: input 'exclude' must be a list of strings, not a string")]
    [TestCase("- include: [a]", "UpdateOS: inputs must be a mapping with 'include' and/or 'exclude' lists, or left out to install every update")]
    public async Task Bad_inputs_fail_before_anything_runs(string inputs, string message)
    {
        using var machine = new StandIns(AmazonLinux2023);
        machine.Add("dnf");

        var (result, _) = await machine.RunAsync(inputs);

        result.FailureMessage.Should().Be(message);
        machine.Calls.Should().BeEmpty();
    }

    [Test]
    public void Detection_order_follows_os_release_ID_then_ID_LIKE_then_the_fallback_order()
    {
        PackageManagerDetector.Candidates(OsRelease.Parse(Debian)).Should().Equal("apt-get", "dnf", "yum", "zypper");
        PackageManagerDetector.Candidates(OsRelease.Parse(AmazonLinux2)).Should().Equal("dnf", "yum", "apt-get", "zypper");
        PackageManagerDetector.Candidates(OsRelease.Parse(Sles)).Should().Equal("zypper", "apt-get", "dnf", "yum");
        PackageManagerDetector.Candidates(OsRelease.Parse("ID=pop\nID_LIKE=\"ubuntu debian\"")).Should().Equal("apt-get", "dnf", "yum", "zypper");
        PackageManagerDetector.Candidates(OsRelease.Parse("ID=\"opensuse-leap\"")).Should().Equal("zypper", "apt-get", "dnf", "yum");
        PackageManagerDetector.Candidates(OsRelease.Unknown).Should().Equal("apt-get", "dnf", "yum", "zypper");
    }

    [Test]
    public void Os_release_values_may_be_quoted_and_Amazon_Linux_2023_is_recognised()
    {
        var os = OsRelease.Parse("# comment\nID='amzn'\nVERSION_ID=\"2023\"\nID_LIKE=\"Fedora\"\n\nPRETTY_NAME=\"Amazon Linux 2023\"\n");

        os.Should().Be(os with { Id = "amzn", VersionId = "2023", PrettyName = "Amazon Linux 2023" });
        os.IdLike.Should().Equal("fedora");
        os.IsAmazonLinux2023.Should().BeTrue();
        OsRelease.Parse(AmazonLinux2).IsAmazonLinux2023.Should().BeFalse();
    }

    [Test]
    public void Command_construction_per_manager()
    {
        var selection = new UpdateSelection([], ["kernel*", "ec2-hibinit-agent"]);
        new Dnf().Update(selection, ["openssl"], OsRelease.Parse("ID=fedora")).ToString().Should().Be("dnf -y upgrade --exclude=kernel* --exclude=ec2-hibinit-agent openssl");
        new Yum().Update(selection, [], OsRelease.Unknown).ToString().Should().Be("yum -y update --exclude=kernel* --exclude=ec2-hibinit-agent");
        AptGet.UpgradeOnly(["openssl", "libssl3"]).ToString().Should().Be("apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install --only-upgrade openssl libssl3");
        Zypper.Update(["openssl"]).ToString().Should().Be("zypper --non-interactive update --auto-agree-with-licenses openssl");
        new AptGet().ParseInstalled(["ii  openssl", "rc  old-package", "hi  libc6:amd64", "un  missing"]).Should().Equal("openssl", "libc6");
        Zypper.ParseLocks(["# | Name | Type | Repository", "1 | kernel* | package | (any)"]).Should().Contain("kernel*");
    }

    [Test]
    public async Task The_real_binary_fails_the_step_clearly_where_PATH_has_no_package_manager()
    {
        using var folder = new TempFolder();
        var empty = Directory.CreateDirectory(folder.Combine("empty-bin")).FullName;
        var document = folder.Write("update.yaml", "name: update\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: UpdateMyLinux\n        action: UpdateOS\n        onFailure: Abort\n        maxAttempts: 3\n        inputs:\n          exclude:\n            - ec2-hibinit-agent\n");

        var result = await Task.Run(() => ToeProcess.RunIn(folder.Path, new Dictionary<string, string?> { ["PATH"] = empty }, "run", "--documents", document, "--log-directory", folder.Combine("logs")));

        result.ExitCode.Should().NotBe(0, result.Stdout + result.Stderr);
        (result.Stdout + result.Stderr).Should().Contain("UpdateOS: no supported package manager (apt-get, dnf, yum, zypper) was found on PATH (" + empty + ")");
    }

    /// <summary>A fake machine: os-release, /lib/modules, the reboot-required file and a bin folder of stand-ins.</summary>
    private sealed class StandIns : IDisposable
    {
        private readonly TempFolder _folder = new();

        public StandIns(string osRelease)
        {
            Directory.CreateDirectory(Bin);
            Directory.CreateDirectory(Modules);
            File.WriteAllText(OsReleaseFile, osRelease);
        }

        public string Root => _folder.Path;

        public string Bin => _folder.Combine("bin");

        public string Modules => _folder.Combine("lib-modules");

        public string RebootRequired => _folder.Combine("reboot-required");

        private string OsReleaseFile => _folder.Combine("os-release");

        private string Record => _folder.Combine("calls.log");

        public IReadOnlyList<string> Calls => File.Exists(Record) ? File.ReadAllLines(Record) : [];

        /// <summary>A stand-in that records its call, then runs <paramref name="body"/> (bash; RECORD names the record file).</summary>
        public void Add(string program, string body = "")
        {
            var script = Path.Combine(Bin, program);
            File.WriteAllText(script, $"#!/bin/bash\nRECORD='{Record}'\n{{ printf '%s' '{program}'; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; printf '\\n'; }} >> \"$RECORD\"\n{body}\nexit 0\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public Task<(ActionResult Result, ModuleRun Run)> RunAsync(string? inputs)
        {
            var system = new UpdateOsSystem { PathVariable = Bin, OsReleaseFile = OsReleaseFile, RebootRequiredFile = RebootRequired, KernelModulesDirectory = Modules };
            return ModuleRun.ExecuteAsync(new UpdateOs(system), inputs, _folder.Combine("scratch"));
        }

        public void Dispose() => _folder.Dispose();
    }
}

using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions;

/// <summary>
/// UpdateOS against the real apt-get, once: the native toe runs the page's Linux example inside a throw-away
/// Debian root made with debootstrap (cached in $HOME/.cache/toe-tests and copied for each run), through chroot.
/// Where the machine does not allow it (not root, no debootstrap, no network, no native binary) the test is
/// skipped and says why; the stand-in tests in <see cref="UpdateOsTests"/> run everywhere.
/// </summary>
[TestFixture]
[Platform(Include = "Linux")]
public sealed class UpdateOsDebootstrapTests
{
    private const string Debootstrap = "/usr/sbin/debootstrap";

    [Test]
    public void The_page_example_updates_a_real_Debian_root_with_apt_get_and_releases_its_hold()
    {
        var toe = Environment.GetEnvironmentVariable("TOE_BIN");
        if (string.IsNullOrEmpty(toe) || !File.Exists(toe))
        {
            Assert.Ignore("needs the native binary (TOE_BIN, set by ./build.sh test) to copy into the Debian root");
        }

        if (Environment.UserName != "root")
        {
            Assert.Ignore("debootstrap and chroot need root");
        }

        if (!File.Exists(Debootstrap))
        {
            Assert.Ignore("debootstrap is not installed (apt-get install debootstrap); the stand-in UpdateOS tests cover the command lines");
        }

        var cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "toe-tests", "debian-bookworm-root");
        if (!Directory.Exists(cached))
        {
            var building = cached + ".partial";
            Run("rm", "-rf", building);
            // libssl3: .NET's hashing needs OpenSSL; ca-certificates for https mirrors.
            var (code, output) = Run(Debootstrap, "--variant=minbase", "--include=libssl3,ca-certificates", "bookworm", building, "http://deb.debian.org/debian");
            if (code != 0)
            {
                Run("rm", "-rf", building);
                Assert.Ignore($"debootstrap could not build a Debian root here (no network to deb.debian.org?): {Tail(output)}");
            }

            Directory.Move(building, cached);
        }

        using var temp = new TempFolder();
        var root = temp.Combine("root");
        Run("cp", "-a", cached, root).Code.Should().Be(0);
        File.Copy(toe, Path.Combine(root, "usr/local/bin/toe"));
        File.Copy("/etc/resolv.conf", Path.Combine(root, "etc/resolv.conf"), overwrite: true);
        File.WriteAllText(Path.Combine(root, "update.yml"), """
            name: UpdateOSLinuxExample
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: UpdateMyLinux
                    action: UpdateOS
                    onFailure: Abort
                    maxAttempts: 3
                    inputs:
                      exclude:
                        - tzdata
            """);

        var (exit, log) = Run("chroot", root, "/usr/local/bin/toe", "run", "--documents", "/update.yml", "--log-directory", "/logs", "--reboot-mode", "fail");

        if (exit != 0 && log.Contains("Temporary failure resolving", StringComparison.Ordinal))
        {
            Assert.Ignore($"apt-get inside the Debian root cannot reach the mirror: {Tail(log)}");
        }

        exit.Should().Be(0, log);
        log.Should().Contain("\"status\":\"success\"");
        var console = File.ReadAllText(Directory.GetFiles(Path.Combine(root, "logs"), "console.log", SearchOption.AllDirectories).Single());
        console.Should().Contain("UpdateOS: updating Debian GNU/Linux 12 (bookworm) with apt-get").And.Contain("Reading package lists");
        Run("chroot", root, "apt-mark", "showhold").Output.Trim().Should().BeEmpty("the hold on the excluded package is released");
    }

    private static string Tail(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 8 minutes");
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}

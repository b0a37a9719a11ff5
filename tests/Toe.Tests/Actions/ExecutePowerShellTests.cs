using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Engine;
using Toe.Tests.Support;

namespace Toe.Tests.Actions;

/// <summary>
/// ExecutePowerShell with a real PowerShell 7: installed once as a .NET tool into a cache folder reused across runs
/// ($HOME/.cache/toe-tests/pwsh), so a clean checkout works and later runs start at once.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExecutePowerShellTests
{
    private const string PowerShellVersion = "7.6.9";

    private static string? _pwsh;

    private static string Pwsh => _pwsh ?? throw new InvalidOperationException("pwsh is installed in OneTimeSetUp");

    [OneTimeSetUp]
    public static void InstallPowerShell()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath();
        var folder = Path.Combine(home, ".cache", "toe-tests", "pwsh");
        var pwsh = Path.Combine(folder, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (!File.Exists(pwsh))
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "tool", "install", "PowerShell", "--version", PowerShellVersion, "--tool-path", folder })
            {
                info.ArgumentList.Add(argument);
            }

            using var install = Process.Start(info)!;
            var stdout = install.StandardOutput.ReadToEndAsync();
            var stderr = install.StandardError.ReadToEnd();
            if (!install.WaitForExit(TimeSpan.FromMinutes(5)) || install.ExitCode != 0 || !File.Exists(pwsh))
            {
                Assert.Ignore($"PowerShell {PowerShellVersion} could not be installed with 'dotnet tool install' into {folder}, so the ExecutePowerShell tests cannot run: {stdout.Result} {stderr}".Trim());
            }
        }

        _pwsh = pwsh;
    }

    private static ExecutePowerShell Module() => new(findPowerShell: () => ExecutePowerShell.FindPowerShell(Pwsh, null));

    [Test]
    public async Task Page_example_asks_for_a_reboot_and_reruns_the_step_then_succeeds_on_the_second_run()
    {
        // The page's "before and after a reboot" example, as written; SystemDrive (Windows) points at a temporary folder.
        const string Example = """
            commands:
              - |
                $rebootIndicator = Join-Path -Path $env:SystemDrive -ChildPath 'reboot-indicator'
                if (Test-Path -Path $rebootIndicator) {
                  Write-Host 'The reboot file exists. Deleting it and exiting with success.'
                  Remove-Item -Path $rebootIndicator -Force | Out-Null
                  [System.Environment]::Exit(0)
                }
                Write-Host 'The reboot file does not exist. Creating it and triggering a restart.'
                New-Item -Path $rebootIndicator -ItemType File | Out-Null
                [System.Environment]::Exit(3010)
            """;
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string?> { ["SystemDrive"] = folder.Path };

        var (before, _) = await ModuleRun.ExecuteAsync(Module(), Example, folder.Combine("step-1"), environment);

        before.Success.Should().BeTrue(before.FailureMessage);
        before.ExitCode.Should().Be(OperatingSystem.IsWindows() ? 3010 : 194, "Linux and macOS keep the low 8 bits of 3010");
        before.Reboot.Should().NotBeNull();
        before.Reboot!.RerunStep.Should().BeTrue();
        before.Outputs.ToJsonString().Should().Be("""{"stdout":"The reboot file does not exist. Creating it and triggering a restart."}""");
        File.Exists(folder.Combine("reboot-indicator")).Should().BeTrue();

        var (after, _) = await ModuleRun.ExecuteAsync(Module(), Example, folder.Combine("step-2"), environment);

        after.Success.Should().BeTrue(after.FailureMessage);
        after.Reboot.Should().BeNull();
        after.Outputs.ToJsonString().Should().Be("""{"stdout":"The reboot file exists. Deleting it and exiting with success."}""");
        File.Exists(folder.Combine("reboot-indicator")).Should().BeFalse();
    }

    [Test]
    public async Task Commands_run_as_one_script_and_non_ASCII_text_survives()
    {
        using var folder = new TempFolder();

        var (result, run) = await ModuleRun.ExecuteAsync(Module(), "commands:\n  - $greeting = 'héllo ✓'\n  - Write-Output \"$greeting from $($PSVersionTable.PSEdition)\"\n  - Write-Host 42", folder.Combine("step"));

        result.Success.Should().BeTrue(result.FailureMessage);
        result.Outputs["stdout"]!.GetValue<string>().Should().Be("héllo ✓ from Core\n42");
        run.Stdout.Should().Be("héllo ✓ from Core\n42\n");
        File.ReadAllBytes(folder.Combine("step", ExecutePowerShell.ScriptFileName)).Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
    }

    [Test]
    public async Task A_failing_script_fails_the_step_with_its_exit_code_and_stderr()
    {
        using var folder = new TempFolder();

        var (result, _) = await ModuleRun.ExecuteAsync(Module(), "commands:\n  - \"[Console]::Error.WriteLine('disk is full')\"\n  - exit 7", folder.Combine("step"));

        result.Success.Should().BeFalse();
        result.Reboot.Should().BeNull();
        result.ExitCode.Should().Be(7);
        result.FailureMessage.Should().Be("ExecutePowerShell failed with exit code 7\nLast lines of stderr:\ndisk is full");
    }

    [Test]
    public async Task The_real_binary_runs_a_relative_ps1_file_with_the_pwsh_named_by_TOE_PWSH()
    {
        using var folder = new TempFolder();
        folder.Write("scripts/hello.ps1", "Write-Host \"hello from $(Split-Path -Leaf $PSCommandPath)\"\n");
        var document = folder.Write("doc.yaml", "name: ps\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Hello\n        action: ExecutePowerShell\n        inputs:\n          file: scripts/hello.ps1\n      - name: Echo\n        action: ExecuteBash\n        inputs:\n          commands: ['echo \"got: {{ build.Hello.outputs.stdout }}\"']\n");

        var result = await Task.Run(() => ToeProcess.RunIn(folder.Path, new Dictionary<string, string?> { [ExecutePowerShell.PowerShellVariable] = Pwsh, ["PATH"] = "/usr/bin:/bin" }, "run", "--documents", document, "--log-directory", folder.Combine("logs")));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        var console = Directory.GetFiles(folder.Combine("logs"), "console.log", SearchOption.AllDirectories).Single();
        File.ReadAllText(console).Should().Contain("hello from hello.ps1\n").And.Contain("got: hello from hello.ps1\n");
    }

    [TestCase("commands: [Write-Host hi]\nfile: a.ps1", "ExecutePowerShell: give either 'commands' or 'file', not both")]
    [TestCase("commands: []", "ExecutePowerShell: input 'commands' is an empty list; give at least one PowerShell line")]
    [TestCase("file:", "ExecutePowerShell: input 'commands' (a list of PowerShell lines) or 'file' (the path of a .ps1 script) is required")]
    [TestCase("file: ''", "ExecutePowerShell: input 'file' is empty; give the path of a .ps1 script")]
    [TestCase("commands: Write-Host hi", "ExecutePowerShell: input 'commands' must be a list of strings, not a string")]
    public async Task Bad_inputs_fail_with_what_to_write(string inputs, string message)
    {
        using var folder = new TempFolder();
        var notCalled = new ExecutePowerShell(findPowerShell: () => throw new AssertionException("PowerShell is not looked for when the inputs are wrong"));

        var (result, _) = await ModuleRun.ExecuteAsync(notCalled, inputs, folder.Combine("step"));

        result.FailureMessage.Should().Be(message);
    }

    [Test]
    public async Task A_file_must_be_an_existing_ps1_script()
    {
        using var folder = new TempFolder();
        var script = folder.Write("setup.sh", "echo hi\n");
        var missing = folder.Combine("missing.ps1");

        var (notPs1, _) = await ModuleRun.ExecuteAsync(Module(), $"file: {script}", folder.Combine("a"));
        var (notThere, _) = await ModuleRun.ExecuteAsync(Module(), $"file: {missing}", folder.Combine("b"));

        notPs1.FailureMessage.Should().Be($"ExecutePowerShell: input 'file' must be a PowerShell script ending in .ps1, not '{script}'");
        notThere.FailureMessage.Should().Be($"ExecutePowerShell: the script '{missing}' does not exist");
    }

    [Test]
    public async Task Without_PowerShell_the_step_fails_and_says_how_to_get_it()
    {
        using var folder = new TempFolder();
        var empty = Directory.CreateDirectory(folder.Combine("bin")).FullName;
        var lookup = ExecutePowerShell.FindPowerShell(null, empty);
        var module = new ExecutePowerShell(findPowerShell: () => lookup);

        var (result, _) = await ModuleRun.ExecuteAsync(module, "commands: [Write-Host hi]", folder.Combine("step"));

        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Windows PowerShell is part of Windows");
        }

        result.FailureMessage.Should().Be($"ExecutePowerShell: PowerShell 7 ('pwsh') is not installed: it was not found on PATH ({empty}). Install PowerShell (https://aka.ms/install-powershell) or set TOE_PWSH to the pwsh executable");
        ExecutePowerShell.FindPowerShell(folder.Combine("no-pwsh"), empty).Problem.Should().Be($"TOE_PWSH is set to '{folder.Combine("no-pwsh")}', which is not an executable file; point it at pwsh or powershell.exe, or unset it");
    }

    [TestCase(3010, true, true)]
    [TestCase(3010, false, true)]
    [TestCase(194, false, true)]
    [TestCase(194, true, false)]
    [TestCase(1, false, false)]
    public void Reboot_exit_codes(int exitCode, bool windows, bool reboot)
    {
        ExecutePowerShell.IsRebootExitCode(exitCode, windows).Should().Be(reboot);
    }
}

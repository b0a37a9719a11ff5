using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Validation;

namespace Toe.Tests.Validation;

public class ModuleAvailabilityRuleTests
{
    private const string Windows = """
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Configure
                action: ExecutePowerShell
                inputs:
                  commands: [Write-Host hi]
              - name: Restart
                action: Reboot
        """;

    private static ValidationOptions Blocking(params string[] modules) =>
        new() { BlockedActionModules = new HashSet<string>(modules, StringComparer.OrdinalIgnoreCase) };

    [Test]
    public void TOE3401_modules_not_blocked_pass()
    {
        Check.Yaml(Windows, Blocking("ExecuteBash")).Should().BeEmpty();
    }

    [Test]
    public void TOE3401_a_blocked_module_is_an_error_at_each_step_using_it_whatever_the_case()
    {
        var diagnostics = Check.Yaml(Windows, new ValidationOptions { BlockedActionModules = new HashSet<string>(["executepowershell", "REBOOT"]) });

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:6:17: error TOE3401: step 'Configure': action module ExecutePowerShell is blocked by --blocked-action-modules",
            "doc.yaml:10:17: error TOE3401: step 'Restart': action module Reboot is blocked by --blocked-action-modules");
    }

    [Test]
    public void TOE3402_without_a_platform_a_Windows_document_is_valid_anywhere()
    {
        Check.Yaml(Windows).Should().BeEmpty();
        Check.Yaml(Windows, new ValidationOptions { OsPlatform = "windows" }).Should().BeEmpty();
    }

    [Test]
    public void TOE3402_a_module_missing_on_the_given_platform_is_an_error()
    {
        var diagnostics = Check.Yaml(Windows, new ValidationOptions { OsPlatform = "darwin" });

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:10:17: error TOE3402: step 'Restart': Reboot runs only on Linux and Windows, not on darwin");
    }

    [Test]
    public void TOE3402_ExecutePowerShell_runs_everywhere_with_pwsh_but_the_MSI_and_registry_modules_only_on_Windows()
    {
        const string Document = """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Configure
                    action: ExecutePowerShell
                    inputs:
                      commands: [Write-Host hi]
                  - name: Install
                    action: InstallMSI
                    inputs:
                      path: C:\sample.msi
                  - name: Registry
                    action: SetRegistry
                    inputs:
                      - path: HKLM:\SOFTWARE\Mine
                        name: Version
                        value: 1
                        type: DWORD
            """;

        Check.Yaml(Document, new ValidationOptions { OsPlatform = "windows" }).Should().BeEmpty();
        foreach (var platform in new[] { "linux", "darwin" })
        {
            Check.Yaml(Document, new ValidationOptions { OsPlatform = platform }).Select(d => d.Message).Should().Equal(
                $"step 'Install': InstallMSI runs only on Windows, not on {platform}",
                $"step 'Registry': SetRegistry runs only on Windows, not on {platform}");
        }
    }

    [Test]
    public void TOE3402_ExecuteBash_is_not_a_Windows_module()
    {
        var diagnostics = Check.Yaml(Windows.Replace("ExecutePowerShell", "ExecuteBash", StringComparison.Ordinal), new ValidationOptions { OsPlatform = "Windows" });

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ModuleNotOnPlatform && d.Message == "step 'Configure': ExecuteBash runs only on Linux and macOS, not on Windows");
    }

    [Test]
    public void An_unknown_platform_name_is_refused()
    {
        var validate = () => Check.Yaml(Windows, new ValidationOptions { OsPlatform = "solaris" });

        validate.Should().Throw<ArgumentException>().WithMessage("unknown OS platform 'solaris'*");
    }
}

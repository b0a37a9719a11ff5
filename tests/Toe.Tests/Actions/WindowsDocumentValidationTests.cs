using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Actions;

/// <summary>The page's examples of ExecutePowerShell, InstallMSI, UninstallMSI, SetRegistry and UpdateOS validate for Windows from any machine.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WindowsDocumentValidationTests
{
    private const string PageExamples = """
        name: WindowsModules
        description: The input examples of the action-modules page, one step each.
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: RestartTrigger
                action: ExecutePowerShell
                inputs:
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
              - name: LocalPathInstaller
                action: InstallMSI
                inputs:
                  path: C:\sample.msi
                  logFile: C:\msilogs\local-path-install.log
                  logOptions: '*VX'
                  reboot: Allow
                  properties:
                    COMPANYNAME: '"Amazon Web Services"'
                  ignoreAuthenticodeSignatureErrors: true
                  allowUnsignedInstaller: true
              - name: S3PathInstaller
                action: InstallMSI
                inputs:
                  path: s3://<bucket-name>/sample.msi
                  logFile: s3-path-install.log
                  reboot: Force
                  ignoreAuthenticodeSignatureErrors: false
                  allowUnsignedInstaller: true
              - name: WebPathUninstaller
                action: UninstallMSI
                inputs:
                  path: https://<some-path>/sample.msi
                  logFile: web-path-uninstall.log
                  reboot: Skip
                  ignoreAuthenticodeSignatureErrors: true
                  allowUnsignedInstaller: false
              - name: SetRegistryKeyValues
                action: SetRegistry
                maxAttempts: 3
                inputs:
                  - path: HKLM:\SOFTWARE\MySoftWare
                    name: MyName
                    value: FirstVersionSoftware
                    type: SZ
                  - path: HKEY_CURRENT_USER\Software\Test
                    name: Version
                    value: 1.1
                    type: DWORD
              - name: UpdateWindowsOperatingSystem
                action: UpdateOS
                onFailure: Abort
                maxAttempts: 3
                inputs:
                  include:
                    - KB1234567
                    - '*Security*'
        """;

    [Test]
    public void The_page_examples_validate_for_Windows_and_the_Windows_only_modules_are_errors_for_Linux()
    {
        using var folder = new TempFolder();
        var document = folder.Write("windows.yaml", PageExamples);

        var windows = ToeProcess.RunIn(folder.Path, "validate", "--documents", document, "--os-platforms", "windows", "--output", "json");
        var linux = ToeProcess.RunIn(folder.Path, "validate", "--documents", document, "--os-platforms", "linux");

        windows.ExitCode.Should().Be(0, windows.Stdout + windows.Stderr);
        JsonDocument.Parse(windows.Stdout).RootElement.GetProperty("validationStatus").GetString().Should().Be("success");
        linux.ExitCode.Should().NotBe(0);
        var errors = (linux.Stdout + linux.Stderr).Split('\n').Where(l => l.Contains("TOE3402", StringComparison.Ordinal)).ToList();
        errors.Should().HaveCount(4);
        errors.Should().Contain(l => l.Contains("step 'LocalPathInstaller': InstallMSI runs only on Windows, not on linux", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("step 'WebPathUninstaller': UninstallMSI runs only on Windows", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("step 'SetRegistryKeyValues': SetRegistry runs only on Windows", StringComparison.Ordinal));
    }
}

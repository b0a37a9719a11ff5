using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Actions.Windows;
using Toe.Tests.EngineTests;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions;

/// <summary>
/// InstallMSI and UninstallMSI: the msiexec command line, exit codes and signature rules are pure and tested on
/// every platform; running the modules needs Windows.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MsiTests
{
    private static MsiRequest Parse(string inputs, MsiOperation operation = MsiOperation.Install) => MsiRequest.Parse(operation, ModuleRun.Inputs(inputs));

    private static IReadOnlyList<string> Arguments(string inputs, MsiOperation operation = MsiOperation.Install)
    {
        var request = Parse(inputs, operation);
        return MsiCommandLine.Arguments(request, request.Path, request.LogFile);
    }

    [Test]
    public void Page_example_local_path_install()
    {
        const string Inputs = """
            path: C:\sample.msi
            logFile: C:\msilogs\local-path-install.log
            logOptions: '*VX'
            reboot: Allow
            properties:
              COMPANYNAME: '"Amazon Web Services"'
            ignoreAuthenticodeSignatureErrors: true
            allowUnsignedInstaller: true
            """;

        var request = Parse(Inputs);
        var arguments = MsiCommandLine.Arguments(request, request.Path, request.LogFile);

        arguments.Should().Equal("/i", "\"C:\\sample.msi\"", "/quiet", "/norestart", "/L*VX", "\"C:\\msilogs\\local-path-install.log\"", "REBOOT=ReallySuppress", "COMPANYNAME=\"Amazon Web Services\"");
        MsiCommandLine.Join(arguments).Should().Be("/i \"C:\\sample.msi\" /quiet /norestart /L*VX \"C:\\msilogs\\local-path-install.log\" REBOOT=ReallySuppress COMPANYNAME=\"Amazon Web Services\"");
        request.Reboot.Should().Be(MsiReboot.Allow);
        request.IgnoreAuthenticodeSignatureErrors.Should().BeTrue();
        request.AllowUnsignedInstaller.Should().BeTrue();
        request.IsRemote.Should().BeFalse();
    }

    [Test]
    public void Page_example_local_path_uninstall_uses_x()
    {
        const string Inputs = """
            path: C:\sample.msi
            logFile: C:\msilogs\local-path-uninstall.log
            logOptions: '*VX'
            reboot: Allow
            properties:
              COMPANYNAME: '"Amazon Web Services"'
            ignoreAuthenticodeSignatureErrors: true
            allowUnsignedInstaller: true
            """;

        MsiCommandLine.Join(Arguments(Inputs, MsiOperation.Uninstall)).Should().Be("/x \"C:\\sample.msi\" /quiet /norestart /L*VX \"C:\\msilogs\\local-path-uninstall.log\" REBOOT=ReallySuppress COMPANYNAME=\"Amazon Web Services\"");
    }

    [Test]
    public void Page_examples_S3_and_web_paths_are_recognised_as_remote_with_their_reboot_options()
    {
        var s3 = Parse("path: s3://<bucket-name>/sample.msi\nlogFile: s3-path-install.log\nreboot: Force\nignoreAuthenticodeSignatureErrors: false\nallowUnsignedInstaller: true");
        var web = Parse("path: https://<some-path>/sample.msi\nlogFile: web-path-install.log\nreboot: Skip\nignoreAuthenticodeSignatureErrors: true\nallowUnsignedInstaller: false");

        s3.Should().Match<MsiRequest>(r => r.IsRemote && r.Reboot == MsiReboot.Force && r.LogFile == "s3-path-install.log" && r.LogOptions == "*VX" && !r.IgnoreAuthenticodeSignatureErrors && r.AllowUnsignedInstaller);
        web.Should().Match<MsiRequest>(r => r.IsRemote && r.Reboot == MsiReboot.Skip && r.IgnoreAuthenticodeSignatureErrors && !r.AllowUnsignedInstaller);
    }

    [Test]
    public void Page_complex_inputs_both_spellings_pass_the_same_property_to_msiexec()
    {
        var single = Arguments("path: a.msi\nproperties:\n  COMPANYNAME: '\"Acme \"\"Widgets\"\" and \"\"Gizmos.\"\"\"'");
        var escaped = Arguments("path: a.msi\nproperties:\n  COMPANYNAME: \"\\\"Acme \\\"\\\"Widgets\\\"\\\" and \\\"\\\"Gizmos.\\\"\\\"\\\"\"");

        single[^1].Should().Be("COMPANYNAME=\"Acme \"\"Widgets\"\" and \"\"Gizmos.\"\"\"");
        escaped[^1].Should().Be(single[^1]);
    }

    [TestCase("C:\\Program Files\\Mine", "\"C:\\Program Files\\Mine\"")]
    [TestCase("", "\"\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("1", "1")]
    [TestCase("C:\\Apps", "C:\\Apps")]
    [TestCase("\"already quoted\"", "\"already quoted\"")]
    public void Property_values_that_need_quotes_get_them(string value, string expected)
    {
        MsiCommandLine.PropertyValue(value).Should().Be(expected);
    }

    [Test]
    public void Without_a_log_file_there_is_no_log_switch_and_properties_keep_document_order()
    {
        Arguments("path: a.msi\nlogOptions: iwe+\nproperties:\n  ZED: 1\n  ALPHA: two words\n  MIDDLE.NAME: x")
            .Should().Equal("/i", "\"a.msi\"", "/quiet", "/norestart", "REBOOT=ReallySuppress", "ZED=1", "ALPHA=\"two words\"", "MIDDLE.NAME=x");
        Arguments("path: a.msi\nlogFile: x.log\nlogOptions: iwe+").Should().Contain("/Liwe+");
    }

    [TestCase("logFile: x.log", "input 'path' is required")]
    [TestCase("path: 'C:\\a \"b\".msi'", "input 'path' contains a double quote ('\"'); write the path without quotes, Toe quotes it for msiexec")]
    [TestCase("path: a.msi\nreboot: Sometimes", "input 'reboot' is 'Sometimes'; use Allow, Force or Skip")]
    [TestCase("path: a.msi\nlogOptions: vz", "input 'logOptions' is 'vz'; use msiexec /L flags from i, w, e, a, r, u, c, m, o, p, v, x, +, !, * (default *VX)")]
    [TestCase("path: a.msi\nlogFile: ''", "input 'logFile' is empty; give a log file path or leave the input out")]
    [TestCase("path: a.msi\nproperties:\n  reboot: Force", "property 'reboot' may not be set in 'properties' (REBOOT, REINSTALLMODE and REINSTALL are reserved); use the 'reboot' input for reboot behaviour")]
    [TestCase("path: a.msi\nproperties:\n  REINSTALLMODE: ecmus", "property 'REINSTALLMODE' may not be set in 'properties' (REBOOT, REINSTALLMODE and REINSTALL are reserved); use the 'reboot' input for reboot behaviour")]
    [TestCase("path: a.msi\nproperties:\n  1ABC: x", "'1ABC' in 'properties' is not an MSI property name (letters, digits, '_' and '.', not starting with a digit or '.')")]
    [TestCase("path: a.msi\nproperties: [A=1]", "input 'properties' must be a mapping of MSI property names to values, e.g. 'INSTALLDIR: C:\\Apps\\Mine'")]
    [TestCase("path: a.msi\nallowUnsignedInstaller: maybe", "input 'allowUnsignedInstaller' must be true or false, not \"maybe\"")]
    public void Bad_inputs_are_refused_with_what_to_write(string inputs, string message)
    {
        var parse = () => Parse(inputs);

        parse.Should().Throw<ItemFailedException>().Which.Message.Should().Be(message);
    }

    [Test]
    public void Successful_exit_codes_are_the_documented_ones()
    {
        MsiExitCodes.Successful(MsiOperation.Install).Should().Equal(0, 1614, 1641, 3010);
        MsiExitCodes.Successful(MsiOperation.Uninstall).Should().Equal(0, 1605, 1614, 1641, 3010);
    }

    [TestCase(MsiReboot.Allow, 0, false)]
    [TestCase(MsiReboot.Allow, 1614, false)]
    [TestCase(MsiReboot.Allow, 3010, true)]
    [TestCase(MsiReboot.Allow, 1641, true)]
    [TestCase(MsiReboot.Force, 0, true)]
    [TestCase(MsiReboot.Force, 1605, true)]
    [TestCase(MsiReboot.Skip, 3010, false)]
    [TestCase(MsiReboot.Skip, 1641, false)]
    public void Reboot_follows_the_reboot_input_and_the_exit_code(MsiReboot reboot, int exitCode, bool expected)
    {
        MsiExitCodes.RebootAfter(reboot, exitCode).Should().Be(expected);
    }

    [Test]
    public void Common_failure_codes_are_explained()
    {
        MsiExitCodes.Describe(1603).Should().StartWith("ERROR_INSTALL_FAILURE");
        MsiExitCodes.Describe(1618).Should().StartWith("ERROR_INSTALL_ALREADY_RUNNING");
        MsiExitCodes.Describe(1).Should().BeNull();
    }

    [TestCase("Valid", false, false, null)]
    [TestCase("NotSigned", false, false, "the installer 'C:\\a.msi' is not signed; set 'allowUnsignedInstaller: true' to run it anyway")]
    [TestCase("NotSigned", true, false, "the installer 'C:\\a.msi' is not signed; set 'allowUnsignedInstaller: true' to run it anyway")]
    [TestCase("NotSigned", false, true, null)]
    [TestCase("HashMismatch", false, true, "the Authenticode signature of 'C:\\a.msi' is not valid (status HashMismatch); set 'ignoreAuthenticodeSignatureErrors: true' to run it anyway")]
    [TestCase("NotTrusted", true, false, null)]
    [TestCase("", false, false, "the Authenticode signature of 'C:\\a.msi' is not valid (status unknown); set 'ignoreAuthenticodeSignatureErrors: true' to run it anyway")]
    public void Signature_status_and_flags_decide_whether_the_installer_runs(string status, bool ignoreErrors, bool allowUnsigned, string? refusal)
    {
        Authenticode.Refusal(status, "C:\\a.msi", ignoreErrors, allowUnsigned).Should().Be(refusal);
    }
}

/// <summary>The Windows-only modules on Linux and macOS: registered, validated, and failing the step clearly.</summary>
[TestFixture]
[Platform(Exclude = "Win", Reason = "checks the failure outside Windows")]
public sealed class WindowsOnlyModuleTests : EngineTestBase
{
    [Test]
    public async Task InstallMSI_UninstallMSI_and_SetRegistry_fail_the_step_with_supported_on_Windows_only()
    {
        var yaml = Yaml(
            Step("Install", "InstallMSI", "path: C:\\sample.msi", "onFailure: Continue")
            + Step("Uninstall", "UninstallMSI", "path: C:\\sample.msi", "onFailure: Continue")
            + Step("Registry", "SetRegistry", "- path: HKLM:\\SOFTWARE\\MySoftWare\n  name: MyName\n  value: FirstVersionSoftware\n  type: SZ", "onFailure: Continue"));

        await _h.RunAsync(yaml);

        foreach (var (step, module) in new[] { ("Install", "InstallMSI"), ("Uninstall", "UninstallMSI"), ("Registry", "SetRegistry") })
        {
            var report = _h.Step("build", step);
            report.Status.Should().Be(Toe.Reports.Statuses.Failed);
            report.FailureMessage.Should().Be($"{module} is supported on Windows only; this machine runs {(OperatingSystem.IsMacOS() ? "macOS" : "Linux")}. Guard the step with an 'if' on {{{{ context:osPlatform }}}} or move it to a Windows document");
        }
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX permissions")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SetFilePermissionsTests : FileSystemModuleTestBase
{
    private string SampleFile => At("home", "UserName", "SampleFile.txt");

    [SetUp]
    public void CreateSample()
    {
        Directory.CreateDirectory(At("home", "UserName"));
        File.WriteAllText(SampleFile, "sample");
    }

    [Test]
    public async Task Example_modify_file_permissions()
    {
        await Succeeds("SetFilePermissions", $"""
            - path: {SampleFile}
              permissions: 766
            """);

        Posix.Mode(SampleFile).Should().Be("766");
    }

    [TestCase("0777", "777")]
    [TestCase("'0644'", "644")]
    [TestCase("0o600", "600")]
    [TestCase("4755", "4755")]
    [TestCase("'000'", "0")]
    public async Task The_mode_is_applied_exactly_whatever_the_umask(string written, string expected)
    {
        await Succeeds("SetFilePermissions", $"""
            - path: {SampleFile}
              permissions: {written}
            """);

        Posix.Mode(SampleFile).Should().Be(expected);
    }

    [TestCase("0778", "'0778' is not a valid mode (8 and 9 are not octal digits)")]
    [TestCase("12345", "'12345' is not a valid mode (a mode has at most 4 octal digits (special bits, user, group, others))")]
    [TestCase("u+rwx", "'u+rwx' is not a valid mode (symbolic modes are not supported)")]
    [TestCase("true", "'true' is not a valid mode (it is not an octal number)")]
    public async Task Bad_permissions_fail_naming_the_value_and_change_nothing(string written, string why)
    {
        File.SetUnixFileMode(SampleFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var message = await Fails("SetFilePermissions", $"""
            - path: {SampleFile}
              permissions: {written}
            """);

        message.Should().Be($"SetFilePermissions: '{SampleFile}': input 'permissions': {why}; give an octal mode such as 0755 or 644");
        Posix.Mode(SampleFile).Should().Be("600");
    }

    [Test]
    public async Task Permissions_are_required()
    {
        var message = await Fails("SetFilePermissions", $"- path: {SampleFile}");

        message.Should().Be($"SetFilePermissions: '{SampleFile}': input 'permissions' is required");
    }

    [Test]
    public async Task A_folder_fails_and_points_to_SetFolderPermissions_and_a_missing_file_fails()
    {
        var folder = await Fails("SetFilePermissions", $"""
            - path: {At("home")}
              permissions: 0755
            """);
        var missing = await Fails("SetFilePermissions", $"""
            - path: {At("missing.txt")}
              permissions: 0755
            """);

        folder.Should().Be($"SetFilePermissions: '{At("home")}': '{At("home")}' is a folder, not a file; use SetFolderPermissions for folders");
        missing.Should().Be($"SetFilePermissions: '{At("missing.txt")}': '{At("missing.txt")}' does not exist");
    }

    [Test]
    public async Task A_symbolic_link_is_followed()
    {
        File.CreateSymbolicLink(At("link"), SampleFile);

        await Succeeds("SetFilePermissions", $"""
            - path: {At("link")}
              permissions: '0604'
            """);

        Posix.Mode(SampleFile).Should().Be("604");
    }

    [Test]
    public void As_an_ordinary_user_changing_roots_file_is_not_permitted()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var file = Path.Combine(userFolder, "roots.txt");
        File.WriteAllText(file, "x");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var step = RunBinary(userFolder, Yaml(Step("Mode", "SetFilePermissions", $"""
            - path: {file}
              permissions: 0666
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"SetFilePermissions: '{file}': not permitted to change the permissions of '{file}' to 0666: only its owner or root can; run Toe as root or as the owner");
        Posix.Mode(file).Should().Be("644");
    }
}

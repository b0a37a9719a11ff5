using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX permissions")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SetFolderPermissionsTests : FileSystemModuleTestBase
{
    private static IEnumerable<string> Tree(string folder) =>
        new[] { folder }.Concat(Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories));

    /// <summary>folder/{a.txt, sub/b.txt, sub/deeper/}.</summary>
    private static void CreateTree(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "sub", "deeper"));
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a");
        File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "b");
    }

    [Test]
    public void Example_set_folder_permissions_relative_path_recursive_by_default()
    {
        CreateTree(At("SampleFolder"));
        var yaml = Yaml(Step("SettingFolderPermissions", "SetFolderPermissions", """
            - path: SampleFolder/
              permissions: 0777
            """));

        var step = RunBinary(Work, yaml);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Tree(At("SampleFolder")).Select(Posix.Mode).Should().HaveCount(5).And.OnlyContain(m => m == "777", "files and folders get the same mode, like chmod -R, and the umask plays no part");
    }

    [Test]
    public async Task Example_set_folder_permissions_without_modifying_permissions_for_all_of_the_contents()
    {
        var folder = At("home", "UserName", "SampleFolder");
        CreateTree(folder);
        var before = Tree(folder).Skip(1).Select(Posix.Mode).ToList();

        await Succeeds("SetFolderPermissions", $"""
            - path: {folder}/
              permissions: 777
              recursive: false
            """);

        Posix.Mode(folder).Should().Be("777");
        Tree(folder).Skip(1).Select(Posix.Mode).Should().Equal(before);
    }

    [Test]
    public async Task Links_below_the_folder_are_skipped_never_followed()
    {
        var folder = At("SampleFolder");
        CreateTree(folder);
        Directory.CreateDirectory(At("outside"));
        File.WriteAllText(At("outside", "secret.txt"), "s");
        File.SetUnixFileMode(At("outside", "secret.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(folder, "to-file"), At("outside", "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "to-folder"), At("outside"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "loop"), folder);
        var outsideFolderMode = Posix.Mode(At("outside"));

        await Succeeds("SetFolderPermissions", $"""
            - path: {folder}
              permissions: '0750'
            """);

        Posix.Mode(Path.Combine(folder, "sub", "b.txt")).Should().Be("750");
        Posix.Mode(At("outside", "secret.txt")).Should().Be("600");
        Posix.Mode(At("outside")).Should().Be(outsideFolderMode);
    }

    [Test]
    public void As_an_ordinary_user_a_mode_that_locks_the_owner_out_is_still_applied_to_the_whole_tree()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var folder = Path.Combine(userFolder, "tree");
        CreateTree(folder);
        Posix.Run("chown", "-R", $"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}", folder);

        var step = RunBinary(userFolder, Yaml(Step("Lock", "SetFolderPermissions", $"""
            - path: {folder}
              permissions: '0600'
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Tree(folder).Select(Posix.Mode).Should().HaveCount(5).And.OnlyContain(m => m == "600", "contents are changed before a folder that the new mode closes");
    }

    [Test]
    public async Task A_file_fails_and_points_to_SetFilePermissions_and_a_missing_folder_fails()
    {
        File.WriteAllText(At("plain.txt"), "x");

        var file = await Fails("SetFolderPermissions", $"""
            - path: {At("plain.txt")}
              permissions: 0755
            """);
        var missing = await Fails("SetFolderPermissions", $"""
            - path: {At("missing")}
              permissions: 0755
            """);

        file.Should().Be($"SetFolderPermissions: '{At("plain.txt")}': '{At("plain.txt")}' is a file, not a folder; use SetFilePermissions for files");
        missing.Should().Be($"SetFolderPermissions: '{At("missing")}': '{At("missing")}' does not exist");
    }

    [Test]
    public async Task Bad_permissions_fail_and_change_nothing()
    {
        var folder = At("SampleFolder");
        CreateTree(folder);
        var before = Tree(folder).Select(Posix.Mode).ToList();

        var message = await Fails("SetFolderPermissions", $"""
            - path: {folder}
              permissions: g+w
            """);

        message.Should().Be($"SetFolderPermissions: '{folder}': input 'permissions': 'g+w' is not a valid mode (symbolic modes are not supported); give an octal mode such as 0755 or 644");
        Tree(folder).Select(Posix.Mode).Should().Equal(before);
    }

    [Test]
    public void As_an_ordinary_user_changing_roots_folder_is_not_permitted()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var folder = Path.Combine(userFolder, "roots");
        Directory.CreateDirectory(folder);
        var before = Posix.Mode(folder);

        var step = RunBinary(userFolder, Yaml(Step("Mode", "SetFolderPermissions", $"""
            - path: {folder}
              permissions: 0777
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"SetFolderPermissions: '{folder}': not permitted to change the permissions of '{folder}' to 0777: only its owner or root can; run Toe as root or as the owner");
        Posix.Mode(folder).Should().Be(before);
    }
}

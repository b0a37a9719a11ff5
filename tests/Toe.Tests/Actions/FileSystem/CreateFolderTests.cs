using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX permissions and owners")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CreateFolderTests : FileSystemModuleTestBase
{
    [Test]
    public async Task Example_create_a_folder_Linux_with_parents_and_a_trailing_separator()
    {
        await Succeeds("CreateFolder", $"- path: {At("Sample", "MyFolder")}/");

        Directory.Exists(At("Sample", "MyFolder")).Should().BeTrue();
        Posix.Mode(At("Sample", "MyFolder")).Should().Be(Posix.DefaultMode(0x1FF), "without permissions a folder gets 0777 minus the umask");
        Posix.Mode(At("Sample")).Should().Be(Posix.DefaultMode(0x1FF));
    }

    [Test]
    public async Task Example_create_a_folder_specifying_folder_properties()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("CreateFolder", $"""
            - path: {At("Sample", "MyFolder", "Sample")}/
              owner: {PosixTestAccounts.User}
              group: {PosixTestAccounts.OtherGroup}
              permissions: 0777
            - path: {At("Sample", "MyFolder", "SampleFoler")}/
              permissions: 777
            """);

        Posix.Stat(At("Sample", "MyFolder", "Sample")).Should().Be($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:777", "the explicit mode wins over the umask");
        Posix.Stat(At("Sample", "MyFolder", "SampleFoler")).Should().Be("root:root:777");
        Posix.Stat(At("Sample", "MyFolder")).Should().Be($"root:root:{Posix.DefaultMode(0x1FF)}", "parents created on the way get the defaults, like mkdir -p -m");
        NoTemporaryFilesIn(Work);
    }

    [Test]
    public async Task Example_create_a_folder_that_overwrites_the_existing_folder_keeps_its_contents()
    {
        var folder = At("Sample", "MyFolder", "Sample");
        Directory.CreateDirectory(Path.Combine(folder, "inner"));
        File.WriteAllText(Path.Combine(folder, "inner", "keep.txt"), "keep");

        await Succeeds("CreateFolder", $"""
            - path: {folder}/
              overwrite: true
            """);

        File.ReadAllText(Path.Combine(folder, "inner", "keep.txt")).Should().Be("keep", "an existing folder is never emptied");
    }

    [Test]
    public async Task Overwrite_is_true_by_default_and_applies_the_properties_to_the_existing_folder_only()
    {
        var folder = At("existing");
        Directory.CreateDirectory(Path.Combine(folder, "inner"));
        File.WriteAllText(Path.Combine(folder, "inner", "keep.txt"), "keep");
        var innerMode = Posix.Mode(Path.Combine(folder, "inner"));

        await Succeeds("CreateFolder", $"""
            - path: {folder}
              permissions: '0750'
            """);

        Posix.Mode(folder).Should().Be("750");
        Posix.Mode(Path.Combine(folder, "inner")).Should().Be(innerMode, "CreateFolder does not recurse");
        File.ReadAllText(Path.Combine(folder, "inner", "keep.txt")).Should().Be("keep");
    }

    [Test]
    public async Task Overwrite_false_on_an_existing_folder_fails_and_changes_nothing()
    {
        var folder = At("existing");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var message = await Fails("CreateFolder", $"""
            - path: {folder}
              overwrite: false
              permissions: 0777
            """);

        message.Should().Be($"CreateFolder: '{folder}': the folder '{folder}' already exists and overwrite is false");
        Posix.Mode(folder).Should().Be("700");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_file_at_the_path_fails_whatever_overwrite_says_and_is_kept(bool overwrite)
    {
        File.WriteAllText(At("plain"), "keep");

        var message = await Fails("CreateFolder", $"""
            - path: {At("plain")}
              overwrite: {overwrite.ToString().ToLowerInvariant()}
            """);

        message.Should().Be($"CreateFolder: '{At("plain")}': '{At("plain")}' is a file, not a folder; CreateFolder does not replace files (remove it or choose another path)");
        File.ReadAllText(At("plain")).Should().Be("keep");
    }

    [Test]
    public async Task A_file_where_a_parent_folder_should_be_fails_clearly()
    {
        File.WriteAllText(At("plain"), "x");

        var message = await Fails("CreateFolder", $"- path: {At("plain", "sub")}");

        message.Should().Be($"CreateFolder: '{At("plain", "sub")}': cannot create the parent folders of '{At("plain", "sub")}': '{At("plain")}' is a file, not a folder");
    }

    [Test]
    public async Task Unknown_owner_fails_naming_it_and_creates_nothing()
    {
        var message = await Fails("CreateFolder", $"""
            - path: {At("new", "folder")}
              owner: no-such-user-xyz
            """);

        message.Should().Be($"CreateFolder: '{At("new", "folder")}': input 'owner': no user named 'no-such-user-xyz' exists on this system; give an existing user name or a numeric user id");
        Directory.Exists(At("new")).Should().BeFalse();
    }

    [Test]
    public async Task Bad_permissions_fail_and_create_nothing()
    {
        var message = await Fails("CreateFolder", $"""
            - path: {At("new")}
              permissions: 0999
            """);

        message.Should().Be($"CreateFolder: '{At("new")}': input 'permissions': '0999' is not a valid mode (8 and 9 are not octal digits); give an octal mode such as 0755 or 644");
        Directory.Exists(At("new")).Should().BeFalse();
    }

    [Test]
    public async Task An_owner_without_group_gets_the_owners_primary_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("CreateFolder", $"""
            - path: {At("owned")}
              owner: {PosixTestAccounts.User}
            """);

        Posix.Stat(At("owned")).Should().Be($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:{Posix.DefaultMode(0x1FF)}");
    }

    [Test]
    public void As_an_ordinary_user_no_permission_in_the_parent_folder_fails_clearly()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        Directory.CreateDirectory(At("root-only"));

        var step = RunBinary(userFolder, Yaml(Step("Create", "CreateFolder", $"- path: {At("root-only", "sub")}")), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().StartWith($"CreateFolder: '{At("root-only", "sub")}': permission denied");
        Directory.EnumerateFileSystemEntries(At("root-only")).Should().BeEmpty();
    }

    [Test]
    public void As_an_ordinary_user_giving_the_new_folder_to_root_fails_and_leaves_nothing()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var folder = Path.Combine(userFolder, "given");

        var step = RunBinary(userFolder, Yaml(Step("Create", "CreateFolder", $"""
            - path: {folder}
              owner: root
              group: root
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"CreateFolder: '{folder}': not permitted to give '{folder}' to owner 'root' and group 'root': only root (or a process with CAP_CHOWN) can give a file to another user or to a group it is not a member of; run Toe as root or leave out owner/group");
        Directory.Exists(folder).Should().BeFalse();
        NoTemporaryFilesIn(userFolder);
    }
}

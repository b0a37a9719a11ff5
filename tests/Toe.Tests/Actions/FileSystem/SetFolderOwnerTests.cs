using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX owners")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SetFolderOwnerTests : FileSystemModuleTestBase
{
    private string SampleFolder => At("SampleFolder");

    /// <summary>SampleFolder/{a.txt, sub/b.txt, sub/deeper/}, all root's.</summary>
    [SetUp]
    public void CreateTree()
    {
        Directory.CreateDirectory(At("SampleFolder", "sub", "deeper"));
        File.WriteAllText(At("SampleFolder", "a.txt"), "a");
        File.WriteAllText(At("SampleFolder", "sub", "b.txt"), "b");
    }

    private IEnumerable<string> Tree() =>
        new[] { SampleFolder }.Concat(Directory.EnumerateFileSystemEntries(SampleFolder, "*", SearchOption.AllDirectories));

    [Test]
    public async Task Example_set_folder_owner_property_without_specifying_the_name_of_the_user_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFolderOwner", $"""
            - path: {SampleFolder}/
              owner: {PosixTestAccounts.User}
            """);

        Tree().Select(Posix.Stat).Should().HaveCount(5).And.OnlyContain(s => s.StartsWith($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:", StringComparison.Ordinal), "recursive is the default and the group defaults to the owner's primary group");
    }

    [Test]
    public async Task Example_set_folder_owner_property_without_overriding_the_ownership_of_all_of_the_contents()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFolderOwner", $"""
            - path: {SampleFolder}/
              owner: {PosixTestAccounts.User}
              recursive: false
            """);

        Posix.Stat(SampleFolder).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:");
        Tree().Skip(1).Select(Posix.Stat).Should().OnlyContain(s => s.StartsWith("root:root:", StringComparison.Ordinal));
    }

    [Test]
    public async Task Example_set_file_ownership_property_by_specifying_the_name_of_the_user_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFolderOwner", $"""
            - path: {SampleFolder}/
              owner: {PosixTestAccounts.User}
              group: {PosixTestAccounts.OtherGroup}
            """);

        Tree().Select(Posix.Stat).Should().OnlyContain(s => s.StartsWith($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:", StringComparison.Ordinal));
    }

    [Test]
    public async Task Links_below_the_folder_change_owner_themselves_and_are_never_followed()
    {
        PosixTestAccounts.RequireRoot();
        Directory.CreateDirectory(At("outside", "inner"));
        File.WriteAllText(At("outside", "secret.txt"), "s");
        File.CreateSymbolicLink(At("SampleFolder", "to-file"), At("outside", "secret.txt"));
        Directory.CreateSymbolicLink(At("SampleFolder", "to-folder"), At("outside"));
        Directory.CreateSymbolicLink(At("SampleFolder", "sub", "loop"), SampleFolder);

        await Succeeds("SetFolderOwner", $"""
            - path: {SampleFolder}
              owner: {PosixTestAccounts.User}
            """);

        Posix.Stat(At("SampleFolder", "to-file")).Should().StartWith($"{PosixTestAccounts.User}:", "the link itself changes, as with chown -R");
        Posix.Stat(At("SampleFolder", "to-folder")).Should().StartWith($"{PosixTestAccounts.User}:");
        new[] { At("outside"), At("outside", "inner"), At("outside", "secret.txt") }.Select(Posix.Stat)
            .Should().OnlyContain(s => s.StartsWith("root:root:", StringComparison.Ordinal), "nothing outside the folder changes");
    }

    [Test]
    public async Task A_link_named_as_the_folder_is_followed()
    {
        PosixTestAccounts.RequireRoot();
        Directory.CreateSymbolicLink(At("link"), SampleFolder);

        await Succeeds("SetFolderOwner", $"""
            - path: {At("link")}
              owner: {PosixTestAccounts.User}
            """);

        Tree().Select(Posix.Stat).Should().OnlyContain(s => s.StartsWith($"{PosixTestAccounts.User}:", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_file_fails_and_points_to_SetFileOwner_and_a_missing_folder_fails()
    {
        var file = await Fails("SetFolderOwner", $"""
            - path: {At("SampleFolder", "a.txt")}
              owner: root
            """);
        var missing = await Fails("SetFolderOwner", $"""
            - path: {At("missing")}/
              owner: root
            """);

        file.Should().Be($"SetFolderOwner: '{At("SampleFolder", "a.txt")}': '{At("SampleFolder", "a.txt")}' is a file, not a folder; use SetFileOwner for files");
        missing.Should().Be($"SetFolderOwner: '{At("missing")}/': '{At("missing")}' does not exist");
    }

    [Test]
    public async Task Unknown_group_fails_naming_it_and_changes_nothing()
    {
        var message = await Fails("SetFolderOwner", $"""
            - path: {SampleFolder}
              owner: root
              group: no-such-group-xyz
            """);

        message.Should().Be($"SetFolderOwner: '{SampleFolder}': input 'group': no group named 'no-such-group-xyz' exists on this system; give an existing group name or a numeric group id");
    }

    [Test]
    public async Task Recursive_must_be_a_boolean()
    {
        var message = await Fails("SetFolderOwner", $"""
            - path: {SampleFolder}
              owner: root
              recursive: sometimes
            """);

        message.Should().Be($"SetFolderOwner: '{SampleFolder}': input 'recursive' must be true or false, not \"sometimes\"");
    }

    [Test]
    public void As_an_ordinary_user_giving_a_folder_to_root_is_not_permitted()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var folder = Posix.FolderOwnedByTestUser(userFolder, "mine");

        var step = RunBinary(userFolder, Yaml(Step("Give", "SetFolderOwner", $"""
            - path: {folder}
              owner: root
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"SetFolderOwner: '{folder}': not permitted to give '{folder}' to owner 'root' and the owner's primary group (gid 0): only root (or a process with CAP_CHOWN) can give a file to another user or to a group it is not a member of; run Toe as root or leave out owner/group");
    }
}

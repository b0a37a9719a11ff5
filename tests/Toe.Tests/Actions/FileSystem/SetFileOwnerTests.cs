using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX owners")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SetFileOwnerTests : FileSystemModuleTestBase
{
    private string SampleText => At("home", "UserName", "SampleText.txt");

    [SetUp]
    public void CreateSample()
    {
        Directory.CreateDirectory(At("home", "UserName"));
        File.WriteAllText(SampleText, "sample");
    }

    [Test]
    public async Task Example_set_file_owner_property_without_specifying_the_name_of_the_user_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFileOwner", $"""
            - path: {SampleText}
              owner: {PosixTestAccounts.User}
            """);

        Posix.Stat(SampleText).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:", "the group defaults to the owner's primary group");
    }

    [Test]
    public async Task Example_set_file_owner_property_by_specifying_the_owner_and_the_user_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFileOwner", $"""
            - path: {SampleText}
              owner: {PosixTestAccounts.User}
              group: {PosixTestAccounts.OtherGroup}
            """);

        Posix.Stat(SampleText).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:");
    }

    [Test]
    public async Task Owner_and_group_may_be_numeric_ids()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFileOwner", $"""
            - path: {SampleText}
              owner: {PosixTestAccounts.Uid}
              group: {PosixTestAccounts.OtherGid}
            """);

        Posix.Stat(SampleText).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:");
    }

    [Test]
    public async Task A_numeric_owner_without_an_account_keeps_the_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("SetFileOwner", $"""
            - path: {SampleText}
              owner: 4000123
            """);

        Posix.Run("stat", "-c", "%u:%g", SampleText).Trim().Should().Be("4000123:0");
    }

    [Test]
    public async Task A_symbolic_link_is_followed_the_file_it_points_to_changes()
    {
        PosixTestAccounts.RequireRoot();
        File.CreateSymbolicLink(At("link.txt"), SampleText);

        await Succeeds("SetFileOwner", $"""
            - path: {At("link.txt")}
              owner: {PosixTestAccounts.User}
            """);

        Posix.Stat(SampleText).Should().StartWith($"{PosixTestAccounts.User}:");
        Posix.Stat(At("link.txt")).Should().StartWith("root:root:", "the link itself keeps its owner");
    }

    [Test]
    public async Task A_folder_fails_and_points_to_SetFolderOwner()
    {
        var message = await Fails("SetFileOwner", $"""
            - path: {At("home")}
              owner: root
            """);

        message.Should().Be($"SetFileOwner: '{At("home")}': '{At("home")}' is a folder, not a file; use SetFolderOwner for folders");
    }

    [Test]
    public async Task A_missing_file_and_a_dangling_link_fail()
    {
        File.CreateSymbolicLink(At("dangling"), At("nowhere"));

        var missing = await Fails("SetFileOwner", $"""
            - path: {At("missing.txt")}
              owner: root
            """);
        var dangling = await Fails("SetFileOwner", $"""
            - path: {At("dangling")}
              owner: root
            """);

        missing.Should().Be($"SetFileOwner: '{At("missing.txt")}': '{At("missing.txt")}' does not exist");
        dangling.Should().Be($"SetFileOwner: '{At("dangling")}': '{At("dangling")}' is a symbolic link to something that does not exist");
    }

    [Test]
    public async Task Unknown_user_or_group_fails_naming_it_and_changes_nothing()
    {
        var user = await Fails("SetFileOwner", $"""
            - path: {SampleText}
              owner: no-such-user-xyz
            """);
        var group = await Fails("SetFileOwner", $"""
            - path: {SampleText}
              owner: root
              group: no-such-group-xyz
            """);

        user.Should().Be($"SetFileOwner: '{SampleText}': input 'owner': no user named 'no-such-user-xyz' exists on this system; give an existing user name or a numeric user id");
        group.Should().Be($"SetFileOwner: '{SampleText}': input 'group': no group named 'no-such-group-xyz' exists on this system; give an existing group name or a numeric group id");
        Posix.Stat(SampleText).Should().StartWith("root:root:");
    }

    [Test]
    public async Task Owner_is_required_and_an_empty_group_is_refused()
    {
        var noOwner = await Fails("SetFileOwner", $"- path: {SampleText}");
        var emptyGroup = await Fails("SetFileOwner", $"""
            - path: {SampleText}
              owner: root
              group: ''
            """);

        noOwner.Should().Be($"SetFileOwner: '{SampleText}': input 'owner' is required");
        emptyGroup.Should().Be($"SetFileOwner: '{SampleText}': input 'group' is empty; give a name or numeric id, or leave 'group' out");
    }

    [Test]
    public async Task The_step_stops_at_the_first_failing_item()
    {
        PosixTestAccounts.RequireRoot();
        File.WriteAllText(At("last.txt"), "x");

        var message = await Fails("SetFileOwner", $"""
            - path: {SampleText}
              owner: {PosixTestAccounts.User}
            - path: {At("missing.txt")}
              owner: {PosixTestAccounts.User}
            - path: {At("last.txt")}
              owner: {PosixTestAccounts.User}
            """);

        message.Should().Be($"SetFileOwner: item 2 of 3 '{At("missing.txt")}': '{At("missing.txt")}' does not exist");
        Posix.Stat(SampleText).Should().StartWith($"{PosixTestAccounts.User}:");
        Posix.Stat(At("last.txt")).Should().StartWith("root:");
    }

    [Test]
    public void As_an_ordinary_user_giving_a_file_to_root_is_not_permitted()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var file = Path.Combine(userFolder, "mine.txt");
        File.WriteAllText(file, "x");
        Posix.Run("chown", $"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}", file);

        var step = RunBinary(userFolder, Yaml(Step("Give", "SetFileOwner", $"""
            - path: {file}
              owner: root
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"SetFileOwner: '{file}': not permitted to give '{file}' to owner 'root' and the owner's primary group (gid 0): only root (or a process with CAP_CHOWN) can give a file to another user or to a group it is not a member of; run Toe as root or leave out owner/group");
        Posix.Stat(file).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:");
    }

    [Test]
    public void As_an_ordinary_user_keeping_the_owner_and_choosing_an_own_group_is_permitted()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var file = Path.Combine(userFolder, "mine.txt");
        File.WriteAllText(file, "x");
        Posix.Run("chown", $"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}", file);

        var step = RunBinary(userFolder, Yaml(Step("Regroup", "SetFileOwner", $"""
            - path: {file}
              owner: {PosixTestAccounts.User}
              group: {PosixTestAccounts.OtherGroup}
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Posix.Stat(file).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:");
    }
}

using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[Platform(Exclude = "Win", Reason = "POSIX permissions and owners")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CreateFileTests : FileSystemModuleTestBase
{
    [Test]
    public async Task Example_create_a_file_without_overwriting_Linux()
    {
        // The page's example; /home/UserName is rebased under the test folder and does not exist yet.
        var inputs = $"""
            - path: {At("home", "UserName", "Sample.txt")}
              content: ABCD\nRandom\tvalues
              overwrite: false
            """;

        await Succeeds("CreateFile", inputs);

        // A plain YAML scalar has no escapes: the file holds the backslashes as written.
        File.ReadAllText(At("home", "UserName", "Sample.txt")).Should().Be(@"ABCD\nRandom\tvalues");
        Posix.Mode(At("home", "UserName", "Sample.txt")).Should().Be(Posix.DefaultMode(0x1B6)); // 0666 minus the umask
        Posix.Mode(At("home", "UserName")).Should().Be(Posix.DefaultMode(0x1FF), "created parents get the defaults");

        var second = await Fails("CreateFile", inputs);
        second.Should().Be($"CreateFile: '{At("home", "UserName", "Sample.txt")}': '{At("home", "UserName", "Sample.txt")}' already exists and overwrite is false");
        File.ReadAllText(At("home", "UserName", "Sample.txt")).Should().Be(@"ABCD\nRandom\tvalues");
    }

    [Test]
    public async Task A_double_quoted_content_has_real_newlines_and_tabs()
    {
        await Succeeds("CreateFile", $"""
            - path: {At("quoted.txt")}
              content: "ABCD\nRandom\tvalues"
            """);

        File.ReadAllText(At("quoted.txt")).Should().Be("ABCD\nRandom\tvalues");
    }

    [Test]
    public void Example_create_a_file_with_file_properties_as_printed_is_invalid_YAML()
    {
        // The page indents the second item by one space: not valid YAML, so the document is refused as a whole.
        const string printed = """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: CreatingFileWithFileProperties
                    action: CreateFile
                    inputs:
                      - path: SampleFolder/Sample.txt
                        content: ABCD\nRandom\tvalues
                        encoding: UTF-16
                        owner: Ubuntu
                        group: UbuntuGroup
                        permissions: 0777
                     - path: SampleFolder/SampleFile.txt
                        permissions: 755
                      - path: SampleFolder/TextFile.txt
                        encoding: UTF-16
                        owner: root
                        group: rootUserGroup
            """;

        var diagnostics = Validation.Check.Yaml(printed);

        diagnostics.Should().ContainSingle().Which.Code.Should().Be("TOE1003");
        diagnostics[0].Location.Line.Should().Be(14);
    }

    [Test]
    public void Example_create_a_file_with_file_properties_indentation_corrected()
    {
        PosixTestAccounts.RequireRoot();

        // The example with its second item indented like the others, relative paths resolved against
        // Toe's working directory, and the page's placeholder users and groups replaced by real ones.
        var yaml = Yaml(Step("CreatingFileWithFileProperties", "CreateFile", $"""
            - path: SampleFolder/Sample.txt
              content: ABCD\nRandom\tvalues
              encoding: UTF-16
              owner: {PosixTestAccounts.User}
              group: {PosixTestAccounts.OtherGroup}
              permissions: 0777
            - path: SampleFolder/SampleFile.txt
              permissions: 755
            - path: SampleFolder/TextFile.txt
              encoding: UTF-16
              owner: root
              group: {PosixTestAccounts.OtherGroup}
            """));

        var step = RunBinary(Work, yaml);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        var sample = At("SampleFolder", "Sample.txt");
        File.ReadAllBytes(sample).Should().Equal([.. new byte[] { 0xFF, 0xFE }, .. Encoding.Unicode.GetBytes(@"ABCD\nRandom\tvalues")]);
        Posix.Stat(sample).Should().Be($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:777", "the explicit 0777 is applied exactly, the umask plays no part");
        Posix.Stat(At("SampleFolder", "SampleFile.txt")).Should().Be("root:root:755");
        File.ReadAllBytes(At("SampleFolder", "SampleFile.txt")).Should().BeEmpty();
        Posix.Stat(At("SampleFolder", "TextFile.txt")).Should().Be($"root:{PosixTestAccounts.OtherGroup}:{Posix.DefaultMode(0x1B6)}");
        File.ReadAllBytes(At("SampleFolder", "TextFile.txt")).Should().BeEmpty("no content gives an empty file, without a byte-order mark");
        NoTemporaryFilesIn(Work);
    }

    [Test]
    public void Example_create_a_file_without_file_properties_relative_paths()
    {
        var yaml = Yaml(Step("CreatingFileWithoutFileProperties", "CreateFile", """
            - path: ./Sample.txt
            - path: Sample1.txt
            """));

        var step = RunBinary(Work, yaml);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(At("Sample.txt")).Should().BeEmpty();
        File.ReadAllBytes(At("Sample1.txt")).Should().BeEmpty();
        Posix.Mode(At("Sample1.txt")).Should().Be(Posix.DefaultMode(0x1B6));
    }

    [Test]
    public async Task Example_create_an_empty_file_to_skip_a_section_in_the_Linux_clean_up_script()
    {
        await Succeeds("CreateFile", $"- path: {At("skip_cleanup_ssh_files")}");

        new FileInfo(At("skip_cleanup_ssh_files")).Length.Should().Be(0);
    }

    [Test]
    public async Task Overwrite_true_is_the_default_and_keeps_the_owner_group_and_mode_of_the_replaced_file()
    {
        var file = At("config.txt");
        File.WriteAllText(file, "old content that is longer than the new one");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var owner = "root:root";
        if (PosixTestAccounts.Created)
        {
            Posix.Run("chown", $"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}", file);
            owner = $"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}";
        }

        await Succeeds("CreateFile", $"""
            - path: {file}
              content: new
            """);

        File.ReadAllText(file).Should().Be("new");
        Posix.Stat(file).Should().Be($"{owner}:640");
        NoTemporaryFilesIn(Work);
    }

    [Test]
    public async Task Replacing_a_file_gives_its_name_a_new_file_so_other_hard_links_keep_the_old_content()
    {
        File.WriteAllText(At("name.txt"), "old");
        Posix.Run("ln", At("name.txt"), At("other-name.txt"));

        await Succeeds("CreateFile", $"""
            - path: {At("name.txt")}
              content: new
            """);

        File.ReadAllText(At("name.txt")).Should().Be("new");
        File.ReadAllText(At("other-name.txt")).Should().Be("old");
    }

    [Test]
    public async Task Overwriting_with_explicit_permissions_sets_exactly_those()
    {
        var file = At("script.sh");
        File.WriteAllText(file, "old");

        await Succeeds("CreateFile", $"""
            - path: {file}
              content: "#!/bin/sh\n"
              permissions: '4755'
            """);

        Posix.Mode(file).Should().Be("4755");
        File.ReadAllText(file).Should().Be("#!/bin/sh\n");
    }

    [TestCase("0755", "755")]
    [TestCase("755", "755")]
    [TestCase("'0640'", "640")]
    [TestCase("0o600", "600")]
    [TestCase("0777", "777")]
    [TestCase("1777", "1777")]
    [TestCase("0", "0")]
    public async Task Permissions_are_octal_text_or_a_YAML_number_and_win_over_the_umask_exactly(string written, string expected)
    {
        await Succeeds("CreateFile", $"""
            - path: {At("f.txt")}
              permissions: {written}
            """);

        Posix.Mode(At("f.txt")).Should().Be(expected);
    }

    [TestCase("0788", "'0788' is not a valid mode (8 and 9 are not octal digits)")]
    [TestCase("'9'", "'9' is not a valid mode (8 and 9 are not octal digits)")]
    [TestCase("07777", "'07777' is not a valid mode (a mode has at most 4 octal digits (special bits, user, group, others))")]
    [TestCase("u+x", "'u+x' is not a valid mode (symbolic modes are not supported)")]
    [TestCase("a=rwx", "'a=rwx' is not a valid mode (symbolic modes are not supported)")]
    [TestCase("rw-r--r--", "'rw-r--r--' is not a valid mode (symbolic modes are not supported)")]
    [TestCase("'-644'", "'-644' is not a valid mode (it is not an octal number)")]
    [TestCase("7.5", "'7.5' is not a valid mode (it is not an octal number)")]
    [TestCase("''", "'' is not a valid mode (it is empty)")]
    public async Task Bad_permissions_fail_naming_the_value_and_create_nothing(string written, string why)
    {
        var message = await Fails("CreateFile", $"""
            - path: {At("sub", "f.txt")}
              content: secret
              permissions: {written}
            """);

        message.Should().Be($"CreateFile: '{At("sub", "f.txt")}': input 'permissions': {why}; give an octal mode such as 0755 or 644");
        Directory.Exists(At("sub")).Should().BeFalse("bad input is refused before anything is created");
    }

    [Test]
    public async Task Unknown_owner_or_group_fails_naming_it_and_creates_nothing()
    {
        var owner = await Fails("CreateFile", $"""
            - path: {At("a.txt")}
              owner: no-such-user-xyz
            """);
        var group = await Fails("CreateFile", $"""
            - path: {At("b.txt")}
              group: no-such-group-xyz
            """);

        owner.Should().Be($"CreateFile: '{At("a.txt")}': input 'owner': no user named 'no-such-user-xyz' exists on this system; give an existing user name or a numeric user id");
        group.Should().Be($"CreateFile: '{At("b.txt")}': input 'group': no group named 'no-such-group-xyz' exists on this system; give an existing group name or a numeric group id");
        Directory.EnumerateFileSystemEntries(Work).Should().BeEmpty();
    }

    [Test]
    public async Task An_empty_owner_is_a_mistake_not_the_default()
    {
        var message = await Fails("CreateFile", $"""
            - path: {At("a.txt")}
              owner: ''
            """);

        message.Should().Be($"CreateFile: '{At("a.txt")}': input 'owner' is empty; give a name or numeric id, or leave 'owner' out");
    }

    [Test]
    public async Task An_owner_without_group_gets_the_owners_primary_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("CreateFile", $"""
            - path: {At("a.txt")}
              owner: {PosixTestAccounts.User}
            """);

        Posix.Stat(At("a.txt")).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.PrimaryGroup}:");
    }

    [Test]
    public async Task A_group_without_owner_changes_only_the_group()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("CreateFile", $"""
            - path: {At("a.txt")}
              group: {PosixTestAccounts.OtherGroup}
            """);

        Posix.Stat(At("a.txt")).Should().StartWith($"root:{PosixTestAccounts.OtherGroup}:");
    }

    [Test]
    public async Task Owner_and_group_may_be_numeric_ids()
    {
        PosixTestAccounts.RequireRoot();

        await Succeeds("CreateFile", $"""
            - path: {At("a.txt")}
              owner: {PosixTestAccounts.Uid}
              group: {PosixTestAccounts.OtherGid}
            - path: {At("b.txt")}
              owner: 4000123
              group: 4000124
            """);

        Posix.Stat(At("a.txt")).Should().StartWith($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:");
        Posix.Run("stat", "-c", "%u:%g", At("b.txt")).Trim().Should().Be("4000123:4000124", "ids without an account are given as chown gives them");
    }

    [Test]
    public async Task A_folder_at_the_path_fails_whatever_overwrite_says()
    {
        Directory.CreateDirectory(At("folder", "inner"));

        var message = await Fails("CreateFile", $"""
            - path: {At("folder")}
              overwrite: true
            """);

        message.Should().Be($"CreateFile: '{At("folder")}': '{At("folder")}' is a folder; CreateFile creates files (remove the folder or choose another path)");
        Directory.Exists(At("folder", "inner")).Should().BeTrue();
    }

    [Test]
    public async Task A_pipe_at_the_path_is_not_replaced()
    {
        Posix.Run("mkfifo", At("pipe"));

        var message = await Fails("CreateFile", $"""
            - path: {At("pipe")}
              content: x
            """);

        message.Should().Be($"CreateFile: '{At("pipe")}': '{At("pipe")}' is a device, pipe or socket, not a regular file; CreateFile replaces only regular files");
        Posix.Run("stat", "-c", "%F", At("pipe")).Trim().Should().Be("fifo");
    }

    [Test]
    public async Task A_path_ending_with_a_separator_fails()
    {
        var message = await Fails("CreateFile", $"- path: {At("new")}/");

        message.Should().Be($"CreateFile: '{At("new")}/': the path ends with a separator, which names a folder; give a file name (use CreateFolder for folders)");
        Directory.Exists(At("new")).Should().BeFalse();
    }

    [Test]
    public async Task A_file_where_a_parent_folder_should_be_fails_clearly()
    {
        File.WriteAllText(At("plain"), "x");

        var message = await Fails("CreateFile", $"- path: {At("plain", "deeper", "f.txt")}");

        message.Should().Be($"CreateFile: '{At("plain", "deeper", "f.txt")}': cannot create the parent folders of '{At("plain", "deeper", "f.txt")}': '{At("plain")}' is a file, not a folder");
    }

    [TestCase("utf8", new byte[] { 0x68, 0xC3, 0xA9 })]
    [TestCase("UTF-16", new byte[] { 0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00 })]
    [TestCase("utf-16-BE", new byte[] { 0x00, 0x68, 0x00, 0xE9 })]
    [TestCase("utf32-le", new byte[] { 0x68, 0, 0, 0, 0xE9, 0, 0, 0 })]
    public async Task Encodings_are_written_as_documented(string encoding, byte[] expected)
    {
        await Succeeds("CreateFile", $"""
            - path: {At("e.txt")}
              content: hé
              encoding: {encoding}
            """);

        File.ReadAllBytes(At("e.txt")).Should().Equal(expected);
    }

    [Test]
    public async Task Without_encoding_the_content_is_utf8_without_a_byte_order_mark()
    {
        await Succeeds("CreateFile", $"""
            - path: {At("e.txt")}
              content: hé
            """);

        File.ReadAllBytes(At("e.txt")).Should().Equal(0x68, 0xC3, 0xA9);
    }

    [Test]
    public async Task Empty_content_gives_an_empty_file_even_in_utf16()
    {
        await Succeeds("CreateFile", $"""
            - path: {At("e.txt")}
              encoding: utf-16
            """);

        File.ReadAllBytes(At("e.txt")).Should().BeEmpty();
    }

    [Test]
    public async Task An_unknown_encoding_fails_and_creates_nothing()
    {
        var message = await Fails("CreateFile", $"""
            - path: {At("e.txt")}
              content: x
              encoding: latin1
            """);

        message.Should().StartWith($"CreateFile: '{At("e.txt")}': input 'encoding': unknown encoding 'latin1'");
        File.Exists(At("e.txt")).Should().BeFalse();
    }

    [Test]
    public async Task A_symbolic_link_at_the_path_is_followed_and_stays_a_link()
    {
        File.WriteAllText(At("real.txt"), "old");
        File.CreateSymbolicLink(At("link.txt"), At("real.txt"));

        await Succeeds("CreateFile", $"""
            - path: {At("link.txt")}
              content: new
            """);

        File.ReadAllText(At("real.txt")).Should().Be("new");
        new FileInfo(At("link.txt")).LinkTarget.Should().Be(At("real.txt"));
    }

    [Test]
    public async Task With_overwrite_false_a_symbolic_link_at_the_path_counts_as_existing_even_when_dangling()
    {
        File.CreateSymbolicLink(At("dangling.txt"), At("nowhere.txt"));

        var message = await Fails("CreateFile", $"""
            - path: {At("dangling.txt")}
              content: x
              overwrite: false
            """);

        message.Should().Be($"CreateFile: '{At("dangling.txt")}': '{At("dangling.txt")}' already exists (a symbolic link) and overwrite is false");
        File.Exists(At("nowhere.txt")).Should().BeFalse();
    }

    [Test]
    public async Task Items_run_in_order_and_the_step_stops_at_the_first_failing_one()
    {
        File.WriteAllText(At("exists.txt"), "keep");

        var message = await Fails("CreateFile", $"""
            - path: {At("one.txt")}
              content: 1
            - path: {At("exists.txt")}
              content: 2
              overwrite: false
            - path: {At("three.txt")}
              content: 3
            """);

        message.Should().Be($"CreateFile: item 2 of 3 '{At("exists.txt")}': '{At("exists.txt")}' already exists and overwrite is false");
        File.ReadAllText(At("one.txt")).Should().Be("1");
        File.ReadAllText(At("exists.txt")).Should().Be("keep");
        File.Exists(At("three.txt")).Should().BeFalse();
    }

    [Test]
    public async Task Overwrite_accepts_the_text_false_and_refuses_other_words()
    {
        File.WriteAllText(At("exists.txt"), "keep");

        var text = await Fails("CreateFile", $"""
            - path: {At("exists.txt")}
              overwrite: 'False'
            """);
        var word = await Fails("CreateFile", $"""
            - path: {At("exists.txt")}
              overwrite: maybe
            """);

        text.Should().EndWith("already exists and overwrite is false");
        word.Should().EndWith("input 'overwrite' must be true or false, not \"maybe\"");
        File.ReadAllText(At("exists.txt")).Should().Be("keep");
    }

    [Test]
    public void As_an_ordinary_user_no_permission_in_the_parent_folder_fails_clearly()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        Directory.CreateDirectory(At("root-only"));
        File.SetUnixFileMode(At("root-only"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var step = RunBinary(userFolder, Yaml(Step("Create", "CreateFile", $"- path: {At("root-only", "f.txt")}")), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().StartWith($"CreateFile: '{At("root-only", "f.txt")}': permission denied");
        Directory.EnumerateFileSystemEntries(At("root-only")).Should().BeEmpty();
    }

    [Test]
    public void As_an_ordinary_user_giving_the_new_file_to_root_fails_and_leaves_nothing()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var file = Path.Combine(userFolder, "f.txt");

        var step = RunBinary(userFolder, Yaml(Step("Create", "CreateFile", $"""
            - path: {file}
              content: x
              owner: root
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"CreateFile: '{file}': not permitted to give '{file}' to owner 'root' and the owner's primary group (gid 0): only root (or a process with CAP_CHOWN) can give a file to another user or to a group it is not a member of; run Toe as root or leave out owner/group");
        File.Exists(file).Should().BeFalse();
        NoTemporaryFilesIn(userFolder);
    }

    [Test]
    public void As_an_ordinary_user_a_file_with_own_group_and_mode_is_created()
    {
        PosixTestAccounts.RequireRoot();
        var userFolder = Posix.FolderOwnedByTestUser(Work);
        var file = Path.Combine(userFolder, "f.txt");

        var step = RunBinary(userFolder, Yaml(Step("Create", "CreateFile", $"""
            - path: {file}
              content: x
              group: {PosixTestAccounts.OtherGroup}
              permissions: 0640
            """)), asTestUser: true);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Posix.Stat(file).Should().Be($"{PosixTestAccounts.User}:{PosixTestAccounts.OtherGroup}:640");
    }
}

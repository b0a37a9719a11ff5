using FluentAssertions;
using NUnit.Framework;
using Toe.Validation;

namespace Toe.Tests.Validation;

public class WindowsUnsupportedRuleTests
{
    private const string Document = """
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: MakeFile
                action: CreateFile
                inputs:
                  - path: C:\Temp\a.txt
                    owner: Administrator
                    group: Users
                    permissions: '0644'
                  - path: C:\Temp\b.txt
                    content: plain
              - name: MakeFolder
                action: CreateFolder
                inputs:
                  - path: C:\Temp\Folder
                    permissions: 0777
              - name: Owner
                action: SetFileOwner
                inputs:
                  - path: C:\Temp\a.txt
                    owner: Administrator
              - name: FolderOwner
                action: SetFolderOwner
                inputs:
                  - path: C:\Temp\Folder
                    owner: Administrator
              - name: Mode
                action: SetFilePermissions
                inputs:
                  - path: C:\Temp\a.txt
                    permissions: '0644'
              - name: FolderMode
                action: SetFolderPermissions
                inputs:
                  - path: C:\Temp\Folder
                    permissions: '0755'
              - name: Link
                action: CreateSymlink
                inputs:
                  - path: C:\Temp\link
                    target: C:\Temp\a.txt
        """;

    private static readonly ValidationOptions ForWindows = new() { OsPlatform = "windows" };

    [Test]
    public void TOE3403_owner_group_permissions_and_the_POSIX_modules_are_errors_at_their_positions_on_Windows()
    {
        var diagnostics = Check.Yaml(Document, ForWindows);

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:9:13: error TOE3403: step 'MakeFile': CreateFile input 'owner' is not supported on Windows; owner, group and permissions exist only on Linux and macOS",
            "doc.yaml:10:13: error TOE3403: step 'MakeFile': CreateFile input 'group' is not supported on Windows; owner, group and permissions exist only on Linux and macOS",
            "doc.yaml:11:13: error TOE3403: step 'MakeFile': CreateFile input 'permissions' is not supported on Windows; owner, group and permissions exist only on Linux and macOS",
            "doc.yaml:18:13: error TOE3403: step 'MakeFolder': CreateFolder input 'permissions' is not supported on Windows; owner, group and permissions exist only on Linux and macOS",
            "doc.yaml:20:17: error TOE3403: step 'Owner': SetFileOwner is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have",
            "doc.yaml:25:17: error TOE3403: step 'FolderOwner': SetFolderOwner is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have",
            "doc.yaml:30:17: error TOE3403: step 'Mode': SetFilePermissions is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have",
            "doc.yaml:35:17: error TOE3403: step 'FolderMode': SetFolderPermissions is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have",
            "doc.yaml:40:17: error TOE3403: step 'Link': CreateSymlink is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have");
    }

    [TestCase(null)]
    [TestCase("linux")]
    [TestCase("darwin")]
    public void TOE3403_is_not_reported_for_other_platforms_or_without_one(string? platform)
    {
        Check.Yaml(Document, new ValidationOptions { OsPlatform = platform }).Should().BeEmpty();
    }

    [Test]
    public void TOE3403_CreateFile_and_CreateFolder_without_those_inputs_are_valid_on_Windows()
    {
        const string portable = """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: MakeFile
                    action: CreateFile
                    inputs:
                      - path: C:\Temp\b.txt
                        content: plain
                        overwrite: false
                  - name: MakeFolder
                    action: CreateFolder
                    inputs:
                      - path: C:\Temp\Folder
            """;

        Check.Yaml(portable, ForWindows).Should().BeEmpty();
    }

    [Test]
    public void TOE3403_the_command_line_reports_it_with_os_platforms_windows()
    {
        using var temp = new Support.TempFolder();
        var file = temp.Write("doc.yaml", Document);

        var result = Support.ToeProcess.Run("validate", "--documents", file, "--os-platforms", "windows");

        result.ExitCode.Should().NotBe(0);
        (result.Stdout + result.Stderr).Should().Contain("doc.yaml:9:13: error TOE3403: step 'MakeFile': CreateFile input 'owner' is not supported on Windows");
    }
}

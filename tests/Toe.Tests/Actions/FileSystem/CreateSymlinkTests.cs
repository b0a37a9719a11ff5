using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions.FileSystem;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CreateSymlinkTests : FileSystemTestBase
{
    [Test]
    public async Task Documented_example_with_force_replaces_an_existing_link_and_creates_missing_parents()
    {
        var target = Write("Folder/Sample.txt", "sample");
        var old = Write("Folder/Old.txt", "old");
        var link = At("Folder2", "Symboliclink.txt");

        var created = await RunLinkStep("CreatingSymbolicLinkWithForce", "CreateSymlink", target, link);
        ShouldHaveSucceeded(created);
        new FileInfo(link).LinkTarget.Should().Be(target, "Folder2 did not exist and was created");

        File.Delete(link);
        File.CreateSymbolicLink(link, old);
        var replaced = await RunLinkStep("CreatingSymbolicLinkWithForce", "CreateSymlink", target, link);

        ShouldHaveSucceeded(replaced);
        new FileInfo(link).LinkTarget.Should().Be(target);
        File.ReadAllText(link).Should().Be("sample");
        File.ReadAllText(old).Should().Be("old", "only the link was replaced");
        TemporaryFiles(Dir).Should().BeEmpty();
    }

    private async Task<StepReport> RunLinkStep(string name, string action, string target, string link, bool force = true)
    {
        var inputs = $"- path: '{link}'\n  target: '{target}'" + (force ? "\n  force: true" : string.Empty);
        await RunDocument(EngineHarness.Yaml(EngineHarness.Step(name, action, inputs)));
        return _h.Step("build", name);
    }

    [Test]
    public void Documented_example_without_force_makes_a_relative_path_absolute_in_the_working_directory()
    {
        var target = Write("Folder/Sample.txt", "sample");
        var work = At("work");
        Directory.CreateDirectory(work);

        var (result, step) = RunBinary(work, $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: CreatingSymbolicLinkWithOutForce
                    action: CreateSymlink
                    inputs:
                      - path: Symboliclink.txt
                        target: '{target}'
                      - path: nested/relative-target.txt
                        target: ../Folder/Sample.txt
            """);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        step["status"]!.GetValue<string>().Should().Be(Statuses.Success);
        new FileInfo(Path.Combine(work, "Symboliclink.txt")).LinkTarget.Should().Be(target);
        new FileInfo(Path.Combine(work, "nested", "relative-target.txt")).LinkTarget.Should().Be(target,
            "a relative target is taken from the working directory, like every path, and stored absolute");
    }

    [Test]
    public async Task Without_force_an_existing_link_is_an_error_and_stays_as_it_was()
    {
        var target = Write("target.txt", "t");
        var other = Write("other.txt", "o");
        var link = At("link");
        File.CreateSymbolicLink(link, other);

        var step = await RunLinkStep("NoForce", "CreateSymlink", target, link, force: false);

        ShouldHaveFailed(step, $"CreateSymlink: '{link}': a symbolic link '{link}' already exists (pointing to '{other}'); set force: true to replace it");
        new FileInfo(link).LinkTarget.Should().Be(other);
    }

    [Test]
    public async Task A_file_or_folder_that_is_not_a_link_is_never_replaced_even_with_force()
    {
        var target = Write("target.txt", "t");
        var file = Write("regular.txt", "precious");
        var folder = At("folder");
        Write("folder/inside.txt", "also precious");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("OverFile", "CreateSymlink", $"- path: '{file}'\n  target: '{target}'\n  force: true", "onFailure: Continue")
            + EngineHarness.Step("OverFolder", "CreateSymlink", $"- path: '{folder}'\n  target: '{target}'\n  force: true", "onFailure: Continue"));

        await RunDocument(yaml);

        const string Advice = "CreateSymlink replaces only links, even with force: true. Delete it first (DeleteFile or DeleteFolder) if it should go";
        ShouldHaveFailed(_h.Step("build", "OverFile"), $"CreateSymlink: '{file}': '{file}' already exists and is a file, not a symbolic link; {Advice}");
        ShouldHaveFailed(_h.Step("build", "OverFolder"), $"CreateSymlink: '{folder}': '{folder}' already exists and is a folder, not a symbolic link; {Advice}");
        File.ReadAllText(file).Should().Be("precious");
        File.ReadAllText(At("folder", "inside.txt")).Should().Be("also precious");
    }

    [Test]
    public async Task A_missing_target_is_an_error_and_nothing_is_created()
    {
        var link = At("parent", "link");
        var missing = At("missing.txt");

        var step = await RunLinkStep("NoTarget", "CreateSymlink", missing, link, force: false);

        ShouldHaveFailed(step, $"CreateSymlink: '{link}': the target '{missing}' does not exist");
        Directory.Exists(At("parent")).Should().BeFalse("nothing is created for a step that fails its checks");
    }

    [Test]
    public async Task A_link_may_point_to_a_folder_and_a_dangling_link_may_be_replaced_with_force()
    {
        Directory.CreateDirectory(At("data"));
        var link = At("current");
        File.CreateSymbolicLink(link, At("gone"));

        var step = await RunLinkStep("ToFolder", "CreateSymlink", At("data"), link);

        ShouldHaveSucceeded(step);
        new DirectoryInfo(link).LinkTarget.Should().Be(At("data"));
        Directory.Exists(link).Should().BeTrue();
    }

    [Test]
    public async Task Bad_paths_fail_with_the_input_named()
    {
        var target = Write("target.txt", "t");
        var yaml = EngineHarness.Yaml(
            EngineHarness.Step("Slash", "CreateSymlink", $"- path: '{Dir}/links/'\n  target: '{target}'", "onFailure: Continue")
            + EngineHarness.Step("EmptyTarget", "CreateSymlink", $"- path: '{Dir}/l'\n  target: ''", "onFailure: Continue")
            + EngineHarness.Step("NoTarget", "CreateSymlink", $"- path: '{Dir}/l'", "onFailure: Continue"));

        await RunDocument(yaml, validate: false);

        ShouldHaveFailed(_h.Step("build", "Slash"), $"CreateSymlink: '{Dir}/links/': input 'path' ('{Dir}/links/') ends with a path separator; give the full name of the link to create");
        ShouldHaveFailed(_h.Step("build", "EmptyTarget"), $"CreateSymlink: '{Dir}/l': input 'target' is empty; give a value");
        ShouldHaveFailed(_h.Step("build", "NoTarget"), $"CreateSymlink: '{Dir}/l': input 'target' is required");
        Directory.Exists(At("links")).Should().BeFalse();
    }
}

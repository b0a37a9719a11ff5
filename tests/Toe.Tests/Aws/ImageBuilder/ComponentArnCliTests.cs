using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.Support;

namespace Toe.Tests.Aws.ImageBuilder;

/// <summary>
/// Component ARNs through the real binary (the published native one under ./build.sh test) against the Image Builder
/// emulator: --documents, --config, ExecuteDocument and validate; errors; and no credential in any output or log.
/// </summary>
[TestFixture]
public sealed class ComponentArnCliTests : ImageBuilderEmulatorTests
{
    private static JsonElement Summary(ToeProcess.Result result) => JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]).RootElement;

    private static string ConsoleLog(string folder) => File.ReadAllText(Directory.GetFiles(folder, "console.log", SearchOption.AllDirectories).Single());

    /// <summary>Neither the secret key nor the session token may appear anywhere the user or a log collector sees.</summary>
    private static void ShouldHoldNoSecret(ToeProcess.Result result, string logFolder)
    {
        foreach (var secret in new[] { AwsEmulator.SecretKey, AwsEmulator.SessionToken })
        {
            (result.Stdout + result.Stderr).Should().NotContain(secret);
            foreach (var file in Directory.GetFiles(logFolder, "*", SearchOption.AllDirectories))
            {
                File.ReadAllText(file).Should().NotContain(secret, $"{file} is in the log folder");
            }
        }
    }

    [Test]
    public void A_component_ARN_runs_from_documents_and_is_named_by_its_ARN_in_the_reports()
    {
        using var temp = new TempFolder();
        var arn = _service.Seed(Unique("hello"), "1.0.0", ComponentDocumentsTests.Hello);

        var result = Toe(temp.Path, "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        Summary(result).GetProperty("status").GetString().Should().Be("success");
        ConsoleLog(temp.Path).Should().Contain("hello from image builder");
        var detailed = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(temp.Path, "detailedoutput.json", SearchOption.AllDirectories).Single())).RootElement;
        detailed.GetProperty("documents")[0].GetProperty("filePath").GetString().Should().Be(arn);
        File.ReadAllText(Directory.GetFiles(temp.Path, "document.yaml", SearchOption.AllDirectories).Single()).Should().Contain("hello from image builder");
        ShouldHoldNoSecret(result, temp.Path);
    }

    [Test]
    public void A_config_may_name_a_component_ARN()
    {
        using var temp = new TempFolder();
        var arn = _service.Seed(Unique("config"), "3.1.4", ComponentDocumentsTests.Hello);
        var config = temp.Write("run.json", $$"""{ "documents": [ { "path": "{{arn}}" } ], "phases": "build", "logDirectory": "{{temp.Path}}" }""");

        var result = Toe(temp.Path, "run", "--config", config);

        result.ExitCode.Should().Be(0, result.Stderr);
        ConsoleLog(temp.Path).Should().Contain("hello from image builder");
    }

    [Test]
    public void ExecuteDocument_runs_a_component_ARN()
    {
        using var temp = new TempFolder();
        var arn = _service.Seed(Unique("nested"), "1.0.0", ComponentDocumentsTests.Hello);
        var main = temp.Write("main.yml", $"""
            name: main
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Nested
                    action: ExecuteDocument
                    inputs:
                      document: {arn}
                      phases: build
            """);

        var result = Toe(temp.Path, "run", "--documents", main, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        ConsoleLog(temp.Path).Should().Contain("hello from image builder");
        ShouldHoldNoSecret(result, temp.Path);
    }

    /// <summary>Decision: a component has no folder, so a relative ExecuteDocument path inside one is taken from the working directory.</summary>
    [Test]
    public void A_relative_path_inside_a_component_is_taken_from_the_working_directory()
    {
        using var temp = new TempFolder();
        temp.Write("local.yml", ComponentDocumentsTests.Hello);
        var arn = _service.Seed(Unique("relative"), "1.0.0", """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Local
                    action: ExecuteDocument
                    inputs:
                      document: local.yml
            """);

        var result = Toe(temp.Path, "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        ConsoleLog(temp.Path).Should().Contain("hello from image builder");
    }

    [Test]
    public void Validate_reads_a_component_ARN()
    {
        var good = _service.Seed(Unique("good"), "1.0.0", ComponentDocumentsTests.Hello);
        var bad = _service.Seed(Unique("bad"), "1.0.0", "schemaVersion: 1.0\nphases: []\n");

        var valid = Toe(RepoPaths.Root, "validate", "--documents", good);
        var invalid = Toe(RepoPaths.Root, "validate", "--documents", bad);

        valid.ExitCode.Should().Be(0, valid.Stdout + valid.Stderr);
        invalid.ExitCode.Should().Be(1);
        invalid.Stdout.Should().Contain(bad);
    }

    [Test]
    public void Throttling_then_success_runs_the_component()
    {
        using var temp = new TempFolder();
        var arn = _service.Seed(Unique("throttled"), "1.0.0", ComponentDocumentsTests.Hello);
        ImageBuilderService.Throttle(_emulator, ImageBuilderService.GetComponent, 2);

        var result = Toe(temp.Path, "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        ConsoleLog(temp.Path).Should().Contain("hello from image builder");
    }

    [Test]
    public async Task Access_denied_is_one_line_and_nothing_runs()
    {
        using var temp = new TempFolder();
        await using var emulator = await AwsEmulator.StartAsync();
        emulator.Deny(ImageBuilderService.GetComponent);
        const string arn = "arn:aws:imagebuilder:us-west-2:111122223333:component/denied/1.0.0/1";

        var result = ToeProcess.RunIn(temp.Path, emulator.ClientEnvironment(), "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain($"{arn}:1:1: error TOE1002: cannot fetch it from Image Builder in us-west-2: access denied: the credentials lack the Image Builder permission")
            .And.NotContain("   at ");
        Summary(result).GetProperty("status").GetString().Should().Be("failed");
        ShouldHoldNoSecret(result, temp.Path);
    }

    [Test]
    public void A_malformed_ARN_is_refused_before_any_AWS_call()
    {
        using var temp = new TempFolder();
        var before = _emulator.Calls.Count;

        var result = Toe(temp.Path, "run", "--documents", "arn:aws:imagebuilder:us-west-2:aws:component/x/1", "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("'arn:aws:imagebuilder:us-west-2:aws:component/x/1' is not a valid component ARN");
        _emulator.Calls.Count.Should().Be(before);
    }

    [Test]
    public void An_ARN_of_another_Region_fails_clearly_naming_both_Regions()
    {
        using var temp = new TempFolder();

        var result = Toe(temp.Path, "run", "--documents", "arn:aws:imagebuilder:eu-west-1:111122223333:component/far/1.0.0/1", "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("cannot fetch it from Image Builder in eu-west-1:")
            .And.Contain("the component's ARN is in eu-west-1 while the configured Region is us-west-2");
    }
}

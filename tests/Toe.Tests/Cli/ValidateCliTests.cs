using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary><c>toe validate</c> end to end, against the real binary.</summary>
[Parallelizable(ParallelScope.All)]
public class ValidateCliTests
{
    [Test]
    public void The_sample_components_are_valid()
    {
        var samples = string.Join(',', Directory.GetFiles(RepoPaths.Components, "*.yml").Order());
        var result = ToeProcess.Run("validate", "--documents", samples);
        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().MatchRegex(@"toe validate: \d+ documents: \d+ valid, 0 with errors");
    }

    [Test]
    public void Every_problem_is_printed_with_file_line_and_column_and_exit_code_is_1()
    {
        using var temp = new TempFolder();
        var doc = temp.Write("bad.yml", """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: First
                    action: ExecuteBash
                    onFailure: Stop
                    inputs:
                      commands:
                        - echo {{ Missing }}
                  - name: First
                    action: ExecuteBash
                    inputs:
                      commandz: [ls]
            """);

        var result = ToeProcess.RunIn(temp.Path, "validate", "-d", "bad.yml");

        result.ExitCode.Should().Be(1);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCountGreaterThanOrEqualTo(4, result.Stdout);
        lines.Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^bad\.yml:\d+:\d+: (error|warning) TOE\d{4}: "));
        result.Stdout.Should().Contain("bad.yml:7:").And.Contain("Stop");
        result.Stdout.Should().Contain("Missing");
        result.Stdout.Should().Contain("commandz");
        result.Stderr.Should().Contain("toe validate: 1 document: 0 valid, 1 with errors");
        _ = doc;
    }

    [Test]
    public void Json_output_keeps_awstoe_keys_and_adds_positions()
    {
        using var temp = new TempFolder();
        temp.Write("good.yml", "schemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Hello\n        action: ExecuteBash\n        inputs:\n          commands: [echo hi]\n");
        temp.Write("bad.yml", "schemaVersion: 2.0\nphases: []\n");

        var result = ToeProcess.RunIn(temp.Path, "validate", "--documents", "good.yml,bad.yml", "--output", "json");

        result.ExitCode.Should().Be(1);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("validationStatus").GetString().Should().Be("failed");
        json.RootElement.GetProperty("message").GetString().Should().StartWith("bad.yml:");
        var documents = json.RootElement.GetProperty("documents");
        documents[0].GetProperty("validationStatus").GetString().Should().Be("success");
        documents[1].GetProperty("validationStatus").GetString().Should().Be("failed");
        var first = documents[1].GetProperty("diagnostics")[0];
        first.GetProperty("line").GetInt32().Should().BeGreaterThan(0);
        first.GetProperty("code").GetString().Should().MatchRegex("^TOE[0-9]{4}$");
    }

    [Test]
    public void A_missing_file_is_reported_not_thrown()
    {
        var result = ToeProcess.Run("validate", "-d", "does/not/exist.yml");
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Be("does/not/exist.yml:1:1: error TOE1001: file not found; check the path (relative paths are taken from the current folder)\n");
        result.Stderr.Should().NotContain("   at ");
    }

    [Test]
    public void Blocked_action_modules_make_a_document_invalid()
    {
        var hello = Path.Combine(RepoPaths.Components, "hello-world-linux.yml");
        var result = ToeProcess.Run("validate", "-d", hello, "--blocked-action-modules", "ExecuteBinary,executebash");
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Contain("ExecuteBash").And.Contain("blocked");
    }

    [TestCase("random-bytes")]
    [TestCase("alias-bomb")]
    [TestCase("huge")]
    [TestCase("not-a-mapping")]
    [TestCase("folder")]
    public void Hostile_input_gets_one_clear_error_and_no_stack_trace(string kind)
    {
        using var temp = new TempFolder();
        var path = temp.Combine("doc.yml");
        switch (kind)
        {
            case "random-bytes":
                var bytes = new byte[4096];
                new Random(42).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "alias-bomb":
                var bomb = new System.Text.StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
                for (var i = 0; i < 9; i++)
                {
                    bomb.Append($"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n");
                }

                File.WriteAllText(path, bomb.ToString());
                break;
            case "huge":
                using (var writer = File.CreateText(path))
                {
                    writer.Write("schemaVersion: 1.0\ndescription: \"");
                    writer.Write(new string('x', 50 * 1024 * 1024));
                    writer.Write("\"\n");
                }

                break;
            case "not-a-mapping":
                File.WriteAllText(path, "- just\n- a list\n");
                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
        }

        var started = DateTime.UtcNow;
        var result = ToeProcess.RunIn(temp.Path, "validate", "-d", "doc.yml");

        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(20), "bad input must never hang");
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().MatchRegex(@"^doc\.yml:\d+:\d+: error TOE1\d{3}: ");
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThanOrEqualTo(2);
        (result.Stdout + result.Stderr).Should().NotContain("   at ").And.NotContain("Exception");
    }
}

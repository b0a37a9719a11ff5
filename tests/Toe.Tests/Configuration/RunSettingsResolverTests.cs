using FluentAssertions;
using NUnit.Framework;
using Toe.Configuration;
using Toe.Tests.Support;

namespace Toe.Tests.Configuration;

/// <summary>The --config file and its precedence rules (page toe-run-config-input).</summary>
public class RunSettingsResolverTests
{
    [Test]
    public void Documents_and_parameters_from_the_command_line()
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions
        {
            Documents = "a.yml,b.yml",
            Parameters = "Greeting=Hi,Url=https://x/?a=b",
            Phases = "build,test",
        });

        diagnostics.Should().BeEmpty();
        settings!.Documents.Select(d => d.Source).Should().Equal("a.yml", "b.yml");
        settings.Documents[0].Parameters.Should().Contain("Greeting", "Hi").And.Contain("Url", "https://x/?a=b");
        settings.Phases.Should().Equal("build", "test");
        settings.LogDirectory.Should().Be(".");
        Guid.TryParse(settings.ExecutionId, out _).Should().BeTrue("a GUID is generated when no execution id is given");
    }

    [Test]
    public void Config_and_documents_together_is_an_error()
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Config = "c.json", Documents = "a.yml" });
        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("either --config or --documents");
    }

    [Test]
    public void Config_and_parameters_together_is_an_error()
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Config = "c.json", Parameters = "a=b" });
        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("--parameters cannot be used with --config");
    }

    [Test]
    public void Neither_config_nor_documents_is_an_error()
    {
        var (_, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions());
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("nothing to run");
    }

    [Test]
    public void Command_line_settings_win_over_the_config_file_and_document_parameters_over_global_ones()
    {
        using var temp = new TempFolder();
        var config = temp.Write("conf/run.json", """
            {
              "documents": [
                { "path": "doc.yml", "parameters": [ { "name": "day", "value": "Monday" }, { "name": "project", "value": "mine" } ] },
                { "path": "/abs/other.yml" }
              ],
              "phases": "build,test",
              "parameters": [ { "name": "project", "value": "examples" } ],
              "executionId": "from-file",
              "logDirectory": "file-logs",
              "trace": true
            }
            """);

        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Config = config, Phases = "test", LogDirectory = "cli-logs" });

        diagnostics.Should().BeEmpty();
        settings!.Phases.Should().Equal("test");
        settings.LogDirectory.Should().Be("cli-logs");
        settings.ExecutionId.Should().Be("from-file");
        settings.Trace.Should().BeTrue();
        Path.GetFullPath(settings.Documents[0].Source).Should().Be(temp.Combine("conf", "doc.yml"), "relative paths are taken from the config file's folder");
        settings.Documents[0].Parameters.Should().Contain("day", "Monday").And.Contain("project", "mine");
        settings.Documents[1].Source.Should().Be("/abs/other.yml");
        settings.Documents[1].Parameters.Should().Contain("project", "examples");
    }

    [Test]
    public void The_documented_misspelling_executonId_is_accepted()
    {
        var (config, diagnostics) = RunConfigFile.Parse("""{ "documents": [ { "path": "a.yml" } ], "executonId": "x1" }""", "c.json");
        diagnostics.Should().BeEmpty();
        config!.ExecutionIdMisspelt.Should().Be("x1");
    }

    [TestCase("""{ "documents": [ { "path": "a.yml" } ], "phase": "build" }""", 1, "phase")]
    [TestCase("""{ "documents": [ { "path": "a.yml" } ],""" + "\n" + """ "trace": "yes" }""", 2, "trace")]
    [TestCase("""{ "documents": [] }""", 1, "'documents' is required")]
    [TestCase("""{ "documents": [ { "parameters": [] } ] }""", 1, "documents[0] needs a 'path'")]
    [TestCase("""{ "documents": [ { "path": "a" } ], "parameters": [ { "name": "x" } ] }""", 1, "parameters[0] needs both 'name' and 'value'")]
    [TestCase("""{ "documents": [ { "path": "a" } """, 1, "invalid config file")]
    public void Bad_config_files_get_a_clear_error_with_a_position(string json, int line, string expected)
    {
        var (config, diagnostics) = RunConfigFile.Parse(json, "run.json");
        config.Should().BeNull();
        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.ToString().Should().StartWith($"run.json:{line}:").And.Contain(expected);
    }

    [Test]
    public void Parameters_split_at_the_first_equals_sign_and_bad_pairs_are_reported()
    {
        var diagnostics = new List<Toe.Diagnostics.Diagnostic>();
        var parameters = RunSettingsResolver.ParseParameters("a=1=2,b=,noequals", diagnostics);
        parameters.Should().Contain("a", "1=2").And.Contain("b", string.Empty);
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'noequals' is not name=value");
    }

    [Test]
    public void S3_log_and_document_settings_are_taken_and_the_prefix_is_trimmed()
    {
        var (settings, _) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Documents = "a.yml", LogS3BucketName = "b", LogS3KeyPrefix = "/logs/run/", LogS3BucketOwner = "111122223333", DocumentS3BucketOwner = "123" });
        settings!.Unsupported.Should().BeEmpty();
        settings.LogS3BucketName.Should().Be("b");
        settings.LogS3KeyPrefix.Should().Be("logs/run");
        settings.LogS3BucketOwner.Should().Be("111122223333");
        settings.DocumentS3BucketOwner.Should().Be("123");
    }

    [Test]
    public void A_log_prefix_without_a_bucket_is_refused()
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Documents = "a.yml", LogS3KeyPrefix = "logs" });
        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("need --log-s3-bucket-name");
    }

    [Test]
    public void A_log_bucket_given_as_a_uri_is_refused()
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Documents = "a.yml", LogS3BucketName = "s3://b/logs" });
        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("bucket name, not a path");
    }

    [Test]
    public void CloudWatch_settings_merge_like_the_others_and_the_command_line_wins()
    {
        using var temp = new TempFolder();
        var config = temp.Write("c.json", """{"documents":[{"path":"a.yml"}],"cwLogGroup":"/file/group","cwLogStream":"file-stream","cwLogRegion":"eu-west-1","cwIgnoreFailures":true}""");

        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Config = config, CwLogStream = "cli-stream" });

        diagnostics.Should().BeEmpty();
        settings!.CwLogGroup.Should().Be("/file/group");
        settings.CwLogStream.Should().Be("cli-stream");
        settings.CwLogRegion.Should().Be("eu-west-1");
        settings.CwIgnoreFailures.Should().BeTrue();
        settings.Unsupported.Should().BeEmpty();
    }

    [TestCase(null, "s", null, "--cw-log-stream and --cw-log-region need --cw-log-group")]
    [TestCase(null, null, "us-west-2", "--cw-log-stream and --cw-log-region need --cw-log-group")]
    [TestCase("my group", null, null, "--cw-log-group 'my group' is not a CloudWatch Logs group name")]
    [TestCase("g", "a:b", null, "--cw-log-stream 'a:b' is not a CloudWatch Logs stream name")]
    [TestCase("g", null, "US West", "--cw-log-region 'US West' is not a Region name")]
    public void Unusable_CloudWatch_settings_are_refused_before_the_run(string? group, string? stream, string? region, string message)
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Documents = "a.yml", CwLogGroup = group, CwLogStream = stream, CwLogRegion = region });

        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().StartWith(message);
    }

    [TestCase("../x")]
    [TestCase("a/b")]
    [TestCase("..")]
    public void Execution_ids_that_are_not_folder_names_are_refused(string id)
    {
        var (settings, diagnostics) = RunSettingsResolver.Resolve(new CommandLineRunOptions { Documents = "a.yml", ExecutionId = id });
        settings.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("cannot be used in a folder name");
    }
}

using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.S3;

/// <summary>
/// The binary (the published native one under ./build.sh test) against s3rver: documents and configs on
/// S3, log upload, S3 modules end to end, missing credentials, and no credential in any log.
/// </summary>
[TestFixture]
public sealed class S3CliTests
{
    private const string Hello = """
        name: hello
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Say
                action: ExecuteBash
                inputs:
                  commands:
                    - echo "hello from s3"
        """;

    [SetUp]
    public void RequireServer() => S3Server.Require();

    private static JsonElement Summary(ToeProcess.Result result) => JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]).RootElement;

    [Test]
    public async Task A_document_on_S3_runs_with_the_bucket_owner_given()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "components/hello.yml", Hello);

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "--documents", $"s3://{bucket}/components/hello.yml", "--document-s3-bucket-owner", "123456789012", "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        Summary(result).GetProperty("status").GetString().Should().Be("success");
        File.ReadAllText(Directory.GetFiles(temp.Path, "console.log", SearchOption.AllDirectories).Single()).Should().Contain("hello from s3");
    }

    [Test]
    public async Task A_missing_S3_document_is_one_clear_error_naming_it()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "--documents", $"s3://{bucket}/nope.yml", "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain($"s3://{bucket}/nope.yml").And.Contain("does not exist");
        (result.Stdout + result.Stderr).Should().NotContain("   at ");
    }

    [Test]
    public async Task Validate_reads_a_document_from_S3()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "bad.yml", "schemaVersion: 1.0\nphases: []\n");
        await S3Server.PutAsync(bucket, "good.yml", Hello);

        var good = S3Server.RunToe(RepoPaths.Root, S3Server.Environment, "validate", "--documents", $"s3://{bucket}/good.yml");
        var bad = S3Server.RunToe(RepoPaths.Root, S3Server.Environment, "validate", "--documents", $"s3://{bucket}/bad.yml");

        good.ExitCode.Should().Be(0, good.Stdout + good.Stderr);
        bad.ExitCode.Should().Be(1);
        bad.Stdout.Should().Contain($"s3://{bucket}/bad.yml");
    }

    [Test]
    public async Task A_config_on_S3_runs_the_documents_beside_it_on_S3()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "run/docs/hello.yml", Hello);
        await S3Server.PutAsync(bucket, "run/config.json", """{"documents":[{"path":"docs/hello.yml"}],"executionId":"from-s3-config"}""");

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "--config", $"s3://{bucket}/run/config.json", "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        Summary(result).GetProperty("executionId").GetString().Should().Be("from-s3-config");
    }

    [Test]
    public async Task The_log_folder_is_uploaded_and_logUrl_says_where_also_when_the_run_fails()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        var doc = temp.Write("fail.yml", Yaml(Bash("Fails", "echo before-failure; exit 3")));

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "-d", doc, "-l", Path.Combine(temp.Path, "logs"), "-i", "run-42", "-b", bucket, "-k", "team/logs/");

        result.ExitCode.Should().Be(1);
        var summary = Summary(result);
        summary.GetProperty("status").GetString().Should().Be("failed");
        summary.GetProperty("logUrl").GetString().Should().Be($"s3://{bucket}/team/logs/run-42");
        var local = Path.GetFileName(Directory.GetDirectories(Path.Combine(temp.Path, "logs")).Single());
        var keys = await S3Server.KeysAsync(bucket);
        keys.Should().Contain($"team/logs/run-42/{local}/console.log").And.Contain($"team/logs/run-42/{local}/detailedoutput.json");
        (await S3Server.GetAsync(bucket, $"team/logs/run-42/{local}/console.log")).Should().Contain("before-failure");
        var localFiles = Directory.GetFiles(Path.Combine(temp.Path, "logs", local), "*", SearchOption.AllDirectories);
        keys.Should().HaveCount(localFiles.Length, "every file of the folder is uploaded");
    }

    [Test]
    public void A_failed_log_upload_keeps_the_run_outcome_and_says_why()
    {
        using var temp = new TempFolder();
        var doc = temp.Write("ok.yml", Hello);

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "-d", doc, "-l", temp.Path, "-b", "toe-no-such-log-bucket");

        result.ExitCode.Should().Be(0);
        Summary(result).GetProperty("logUrl").GetString().Should().BeEmpty();
        result.Stderr.Should().Contain("uploading the logs failed").And.Contain("toe-no-such-log-bucket").And.Contain("bucket does not exist");
    }

    [Test]
    public async Task S3Download_and_S3Upload_work_in_the_binary()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "in/a.txt", "A");
        await S3Server.PutAsync(bucket, "in/sub/b.txt", "B");
        var doc = temp.Write("s3.yml", Yaml(
            Step("Down", "S3Download", $"- source: s3://{bucket}/in/*\n  destination: ./got/") +
            Step("UploadBack", "S3Upload", $"- source: ./got/*\n  destination: s3://{bucket}/out/\n  recurse: 'true'")));

        var result = S3Server.RunToe(temp.Path, S3Server.Environment, "run", "-d", doc, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr + result.Stdout);
        File.ReadAllText(temp.Combine("got", "sub", "b.txt")).Should().Be("B");
        (await S3Server.KeysAsync(bucket, "out/")).Should().BeEquivalentTo("out/a.txt", "out/sub/b.txt");
    }

    [Test]
    public async Task Without_credentials_an_S3_step_fails_with_a_clear_message()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "a.txt", "A");
        var doc = temp.Write("s3.yml", Yaml(Step("Down", "S3Download", $"- source: s3://{bucket}/a.txt\n  destination: ./a.txt")));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_S3"] = S3Server.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = string.Empty,
            ["AWS_SECRET_ACCESS_KEY"] = string.Empty,
            ["AWS_SESSION_TOKEN"] = string.Empty,
            ["AWS_PROFILE"] = string.Empty,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["HOME"] = temp.Path,
            ["AWS_CONFIG_FILE"] = temp.Combine("none", "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = temp.Combine("none", "credentials"),
        };

        var result = S3Server.RunToe(temp.Path, environment, "run", "-d", doc, "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        Summary(result).GetProperty("failureMessage").GetString().Should().Contain($"s3://{bucket}/a.txt").And.Contain("no AWS credentials found");
        File.Exists(temp.Combine("a.txt")).Should().BeFalse();
    }

    [Test]
    public async Task Credentials_never_reach_the_logs()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "a.txt", "A");
        const string token = "FAKE-SESSION-TOKEN-d3adb33f";
        var environment = S3Server.Environment;
        environment["AWS_SESSION_TOKEN"] = token;
        var doc = temp.Write("s3.yml", Yaml(
            Step("Down", "S3Download", $"- source: s3://{bucket}/a.txt\n  destination: ./a.txt") +
            Step("Missing", "S3Download", $"- source: s3://{bucket}/missing.txt\n  destination: ./m.txt", "onFailure: Continue") +
            Step("UploadBack", "S3Upload", $"- source: ./a.txt\n  destination: s3://{bucket}/b.txt")));

        var result = S3Server.RunToe(temp.Path, environment, "run", "-d", doc, "-l", temp.Combine("logs"), "--trace", "-b", bucket, "-k", "logs");

        result.Stderr.Should().Contain("logs uploaded");
        var everything = string.Join("\n", Directory.GetFiles(temp.Combine("logs"), "*", SearchOption.AllDirectories).Select(File.ReadAllText)) + result.Stdout + result.Stderr;
        everything.Should().Contain("S3Download").And.NotContain(S3Server.AccessKey).And.NotContain(token);
    }
}

/// <summary>ExecuteDocument with documents on S3, in-process against s3rver.</summary>
[TestFixture]
public sealed class ExecuteDocumentS3Tests : EngineTestBase
{
    [SetUp]
    public void UseS3Server()
    {
        S3Server.Require();
        _h.Registry = S3Server.Registry();
    }

    [Test]
    public async Task An_S3_document_runs_and_its_relative_references_are_read_beside_it_on_S3()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var marker = Path.Combine(_h.Root, "inner-ran");
        await S3Server.PutAsync(bucket, "docs/inner.yml", Yaml(Bash("Inner", $"touch {marker}")));
        await S3Server.PutAsync(bucket, "docs/outer.yml", Yaml(Step("Nested", "ExecuteDocument", "document: inner.yml")));

        await _h.RunAsync(Yaml(Step("Outer", "ExecuteDocument", $"document: s3://{bucket}/docs/outer.yml\ndocument-s3-bucket-owner: '123456789012'")));

        var step = _h.Step("build", "Outer");
        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.Exists(marker).Should().BeTrue();
    }

    [Test]
    public async Task A_missing_S3_document_fails_the_step_naming_it()
    {
        var bucket = await S3Server.CreateBucketAsync();

        await _h.RunAsync(Yaml(Step("Outer", "ExecuteDocument", $"document: s3://{bucket}/nope.yml")));

        var step = _h.Step("build", "Outer");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"s3://{bucket}/nope.yml").And.Contain("does not exist");
    }

    [Test]
    public async Task The_bucket_owner_is_sent_when_reading_an_S3_document()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.CheckOwner);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));

        await _h.RunAsync(Yaml(Step("Outer", "ExecuteDocument", "document: s3://bucket/doc.yml\ndocument-s3-bucket-owner: '999988887777'")));

        fake.Requests.Should().ContainSingle().Which.Headers["x-amz-expected-bucket-owner"].Should().Be("999988887777");
        _h.Step("build", "Outer").FailureMessage.Should().Contain("access denied").And.Contain("999988887777");
    }
}

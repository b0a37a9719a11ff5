using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.Aws.ImageBuilder;
using Toe.Tests.Support;

namespace Toe.Tests.S3;

/// <summary>
/// Image Builder components whose document lives on S3, with the real s3rver and the Image Builder emulator side by
/// side (the emulator takes s3rver's keys, so one toe process reaches both): a component answered with an s3:// uri
/// runs, and publish uploads a document over the inline limit and passes its uri.
/// </summary>
[TestFixture]
public sealed class ComponentUriS3Tests
{
    private AwsEmulator _emulator = null!;
    private ImageBuilderService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulator = await AwsEmulator.StartAsync();
        _emulator.Keys = (S3Server.AccessKey, S3Server.AccessKey);
        _emulator.RequireSessionToken = false;
        _service = new ImageBuilderService(_emulator);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [SetUp]
    public void RequireServer() => S3Server.Require();

    private Dictionary<string, string> Environment() => new(S3Server.Environment, StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_IMAGEBUILDER"] = _emulator.Endpoint,
        ["AWS_CONFIG_FILE"] = "/nonexistent/toe-tests/config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/toe-tests/credentials",
    };

    [Test]
    public async Task A_component_whose_document_is_an_S3_uri_runs()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "components/hello.yml", ComponentDocumentsTests.Hello);
        var arn = _service.Seed("from-s3-" + Guid.NewGuid().ToString("N")[..8], "1.0.0", uri: $"s3://{bucket}/components/hello.yml");

        var result = S3Server.RunToe(temp.Path, Environment(), "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        File.ReadAllText(Directory.GetFiles(temp.Path, "console.log", SearchOption.AllDirectories).Single()).Should().Contain("hello from image builder");
    }

    [Test]
    public async Task A_component_whose_S3_document_is_missing_names_the_uri()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        var arn = _service.Seed("lost-" + Guid.NewGuid().ToString("N")[..8], "1.0.0", uri: $"s3://{bucket}/gone.yml");

        var result = S3Server.RunToe(temp.Path, Environment(), "run", "--documents", arn, "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain($"{arn}:1:1: error TOE1002: its document s3://{bucket}/gone.yml: ").And.Contain("does not exist");
    }

    [Test]
    public async Task Publish_uploads_a_document_over_the_inline_limit_and_passes_its_uri()
    {
        using var temp = new TempFolder();
        var bucket = await S3Server.CreateBucketAsync();
        var text = string.Concat(Enumerable.Repeat("# padding line to pass the inline limit of Image Builder\n", 300)) + ComponentDocumentsTests.Hello;
        var document = temp.Write("large.yml", text);
        var name = "large-" + Guid.NewGuid().ToString("N")[..8];

        var result = S3Server.RunToe(temp.Path, Environment(), "aws", "publish", "--document", document, "--name", name, "--semantic-version", "1.0.0",
            "--platform", "Linux", "--s3-bucket", bucket, "--s3-prefix", "/components/", "--region", AwsEmulator.Region);

        result.ExitCode.Should().Be(0, result.Stderr);
        var key = $"components/{name}/1.0.0/large.yml";
        (await S3Server.GetAsync(bucket, key)).Should().Be(text);
        var body = _emulator.CallsOf(ImageBuilderService.CreateComponent).Single(c => c.Json["name"]!.GetValue<string>() == name).Json;
        body["uri"]!.GetValue<string>().Should().Be($"s3://{bucket}/{key}");
        body.ContainsKey("data").Should().BeFalse("data and uri are exclusive");

        var run = S3Server.RunToe(temp.Path, Environment(), "run", "--documents", result.Stdout.Trim(), "-l", temp.Path);
        run.ExitCode.Should().Be(0, run.Stderr);
    }
}

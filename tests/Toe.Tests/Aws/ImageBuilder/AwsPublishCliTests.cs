using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Aws.Emulator;
using Toe.Tests.Support;

namespace Toe.Tests.Aws.ImageBuilder;

/// <summary><c>toe aws publish</c> through the real binary against the Image Builder emulator: every flag, local validation first, errors.</summary>
[TestFixture]
public sealed class AwsPublishCliTests : ImageBuilderEmulatorTests
{
    private static void ShouldHoldNoSecret(ToeProcess.Result result) =>
        (result.Stdout + result.Stderr).Should().NotContain(AwsEmulator.SecretKey).And.NotContain(AwsEmulator.SessionToken);

    [Test]
    public void Publish_sends_every_flag_in_the_API_reference_shape_and_prints_the_build_version_ARN()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);
        var name = Unique("Published");

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", name, "--semantic-version", "1.2.3", "--platform", "linux",
            "--description", "Says hello", "--change-description", "First version", "--tags", "team=toe, cost-center = 42",
            "--kms-key-id", "alias/components", "--supported-os-versions", "Amazon Linux 2023,Ubuntu 24",
            "--s3-bucket", "unused-for-small-documents");

        result.ExitCode.Should().Be(0, result.Stderr);
        var arn = $"arn:aws:imagebuilder:us-west-2:111122223333:component/{name.ToLowerInvariant()}/1.2.3/1";
        result.Stdout.Should().Be(arn + "\n", "text output is the ARN alone, to use in scripts");
        var body = _emulator.CallsOf(ImageBuilderService.CreateComponent).Single(c => c.Json["name"]!.GetValue<string>() == name).Json;
        body["semanticVersion"]!.GetValue<string>().Should().Be("1.2.3");
        body["platform"]!.GetValue<string>().Should().Be("Linux", "the platform is written as the API's enum");
        body["description"]!.GetValue<string>().Should().Be("Says hello");
        body["changeDescription"]!.GetValue<string>().Should().Be("First version");
        body["kmsKeyId"]!.GetValue<string>().Should().Be("alias/components");
        body["supportedOsVersions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Amazon Linux 2023", "Ubuntu 24");
        body["tags"]!.AsObject().Select(p => $"{p.Key}={p.Value}").Should().BeEquivalentTo(["team=toe", "cost-center=42"]);
        body["data"]!.GetValue<string>().Should().Be(ComponentDocumentsTests.Hello);
        body.ContainsKey("uri").Should().BeFalse("a small document goes inline");
        Guid.TryParse(body["clientToken"]!.GetValue<string>(), out _).Should().BeTrue();
        ShouldHoldNoSecret(result);
    }

    [Test]
    public void Published_components_run_by_their_ARN()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);

        var publish = Toe(temp.Path, "aws", "publish", "--document", document, "--name", Unique("roundtrip"), "--semantic-version", "1.0.0", "--platform", "Linux");
        var run = Toe(temp.Path, "run", "--documents", publish.Stdout.Trim(), "-l", temp.Path);

        publish.ExitCode.Should().Be(0, publish.Stderr);
        run.ExitCode.Should().Be(0, run.Stderr);
    }

    [Test]
    public void Json_output_holds_the_ARN_and_the_client_token()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", Unique("json"), "--semantic-version", "1.0.0", "--platform", "Linux", "--output", "json");

        result.ExitCode.Should().Be(0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        json.GetProperty("componentBuildVersionArn").GetString().Should().StartWith("arn:aws:imagebuilder:us-west-2:");
        json.GetProperty("clientToken").GetString().Should().NotBeNullOrEmpty();
        json.GetProperty("uri").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Test]
    public void An_invalid_document_prints_validate_findings_and_calls_no_AWS_API()
    {
        using var temp = new TempFolder();
        var document = temp.Write("bad.yml", "schemaVersion: 1.0\nphases: []\n");
        var before = _emulator.Calls.Count;

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", "bad", "--semantic-version", "1.0.0", "--platform", "Linux");
        var validate = ToeProcess.RunIn(temp.Path, "validate", "--documents", document);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain(validate.Stdout.Trim(), "the findings are toe validate's lines")
            .And.Contain("toe aws publish: error: the document is not valid: 1 document: 0 valid, 1 with errors")
            .And.Contain("nothing was sent to AWS");
        result.Stdout.Should().BeEmpty();
        _emulator.Calls.Count.Should().Be(before, "no AWS call is made for an invalid document");
    }

    [Test]
    public void A_module_the_platform_lacks_is_a_validation_error()
    {
        using var temp = new TempFolder();
        var document = temp.Write("win.yml", """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Msi
                    action: InstallMSI
                    inputs:
                      path: C:\x.msi
            """);

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", "win", "--semantic-version", "1.0.0", "--platform", "Linux");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("InstallMSI").And.Contain("the document is not valid");
    }

    [Test]
    public void An_existing_version_is_one_line_telling_to_bump_the_version()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);
        var name = Unique("again");
        string[] args = ["aws", "publish", "--document", document, "--name", name, "--semantic-version", "4.5.6", "--platform", "Linux"];

        var first = Toe(temp.Path, args);
        var second = Toe(temp.Path, args);

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(1);
        second.Stderr.Trim().Should().Be($"toe aws publish: error: component '{name}' version 4.5.6 already exists in us-west-2; bump --semantic-version (e.g. 4.5.7) and publish again");
    }

    [Test]
    public void A_document_over_the_inline_limit_without_a_bucket_says_to_give_one_and_calls_nothing()
    {
        using var temp = new TempFolder();
        var padding = string.Concat(Enumerable.Repeat("# padding line to pass the inline limit of Image Builder\n", 300));
        var document = temp.Write("large.yml", padding + ComponentDocumentsTests.Hello);
        var before = _emulator.Calls.Count;

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", "large", "--semantic-version", "1.0.0", "--platform", "Linux");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain($"the document has {(padding + ComponentDocumentsTests.Hello).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters, more than the 16,000 Image Builder accepts inline; give --s3-bucket");
        _emulator.Calls.Count.Should().Be(before);
    }

    [TestCase("--semantic-version", "1.0", "--semantic-version '1.0' is not x.y.z")]
    [TestCase("--semantic-version", "1.0.1073741824", "is not x.y.z with numbers from 0 to 1073741823")]
    [TestCase("--platform", "Solaris", "--platform 'Solaris' is not one of Linux, Windows, macOS")]
    [TestCase("--name", "bad/name", "--name 'bad/name': use 1 to 128 letters")]
    [TestCase("--tags", "team", "--tags: 'team' is not key=value")]
    [TestCase("--tags", "a=1,a=2", "--tags: the key 'a' is given twice")]
    [TestCase("--output", "yaml", "--output must be text or json")]
    [TestCase("--document", "s3://bucket/doc.yml", "publish takes a local file")]
    public void Bad_flags_are_one_line_and_call_nothing(string flag, string value, string message)
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);
        var values = new Dictionary<string, string> { ["--document"] = document, ["--name"] = "ok", ["--semantic-version"] = "1.0.0", ["--platform"] = "Linux" };
        values[flag] = value;
        var before = _emulator.Calls.Count;

        var result = Toe(temp.Path, ["aws", "publish", .. values.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("toe aws publish: error: ").And.Contain(message);
        result.Stderr.Trim().Split('\n').Should().HaveCount(1);
        _emulator.Calls.Count.Should().Be(before);
    }

    [Test]
    public async Task Access_denied_says_which_permission_is_missing()
    {
        using var temp = new TempFolder();
        await using var emulator = await AwsEmulator.StartAsync();
        emulator.Deny(ImageBuilderService.CreateComponent);
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);

        var result = ToeProcess.RunIn(temp.Path, emulator.ClientEnvironment(), "aws", "publish", "--document", document, "--name", "denied", "--semantic-version", "1.0.0", "--platform", "Linux");

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("toe aws publish: error: cannot publish to Image Builder in us-west-2: access denied: the credentials lack the Image Builder permission for this call (check the IAM policy of the user or role) (400 AccessDeniedException)");
        ShouldHoldNoSecret(result);
    }

    [Test]
    public void Throttled_publishes_are_retried_and_create_the_component_once()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);
        var name = Unique("busy");
        ImageBuilderService.Throttle(_emulator, ImageBuilderService.CreateComponent, 2);

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", name, "--semantic-version", "1.0.0", "--platform", "Linux");

        result.ExitCode.Should().Be(0, result.Stderr);
        var tokens = _emulator.CallsOf(ImageBuilderService.CreateComponent).Where(c => c.Json["name"]?.GetValue<string>() == name).Select(c => c.Json["clientToken"]!.GetValue<string>()).ToList();
        tokens.Should().HaveCount(3).And.OnlyContain(token => token == tokens[0], "every retry carries the same client token");
    }

    [Test]
    public void Region_flag_chooses_where_to_publish()
    {
        using var temp = new TempFolder();
        var document = temp.Write("hello.yml", ComponentDocumentsTests.Hello);

        var result = Toe(temp.Path, "aws", "publish", "--document", document, "--name", "regional", "--semantic-version", "1.0.0", "--platform", "Linux", "--region", "ap-south-1");

        result.ExitCode.Should().Be(1, "the us-west-2 emulator refuses a request signed for ap-south-1, as AWS does");
        result.Stderr.Should().Contain("cannot publish to Image Builder in ap-south-1");
        _emulator.SignatureFailures.Should().Contain(failure => failure.Contains("not 'ap-south-1'", StringComparison.Ordinal));
    }

    [Test]
    public void Help_explains_publish()
    {
        var result = ToeProcess.Run("aws", "publish", "--help");

        result.ExitCode.Should().Be(0);
        Golden.Match("cli/aws-publish-help.txt", result.Stdout);
    }
}

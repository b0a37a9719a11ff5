using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws;
using Toe.Aws.ImageBuilder;
using Toe.Diagnostics;
using Toe.Tests.Aws.Emulator;

namespace Toe.Tests.Aws.ImageBuilder;

/// <summary>
/// Component ARNs fetched through the real client (SDK signer) from the Image Builder emulator, which checks every
/// signature: inline data, version ARNs, errors, throttling, Regions and endpoint overrides.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ComponentDocumentsTests : ImageBuilderEmulatorTests
{
    internal const string Hello = """
        name: hello
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Say
                action: ExecuteBash
                inputs:
                  commands:
                    - echo "hello from image builder"
        """;

    private ComponentDocuments Documents(Action<Dictionary<string, string?>>? change = null)
    {
        var environment = _emulator.ClientEnvironment();
        change?.Invoke(environment);
        var aws = new AwsEnvironment(name => environment.TryGetValue(name, out var value) ? value : null);
        return new ComponentDocuments(aws, new S3ClientFactory(name => environment.TryGetValue(name, out var value) ? value : null), TimeSpan.FromMilliseconds(5));
    }

    [Test]
    public async Task A_build_version_ARN_is_fetched_with_GetComponent_and_parsed_under_its_ARN()
    {
        var arn = _service.Seed(Unique("hello"), "1.0.0", Hello);

        var loaded = await Documents().LoadAsync(arn, CancellationToken.None);

        loaded.Diagnostics.Should().BeEmpty();
        loaded.Document!.FilePath.Should().Be(arn, "the ARN is the document's path in messages, the log folder and detailedoutput.json");
        loaded.Document.Phases.Single().Steps.Single().Name.Should().Be("Say");
        var call = _emulator.CallsOf(ImageBuilderService.GetComponent).Single(c => c.Query["componentBuildVersionArn"] == arn);
        call.Method.Should().Be("GET");
        call.Path.Should().Be("/GetComponent");
        call.Body.Should().BeEmpty();
    }

    [Test]
    public async Task A_version_ARN_is_resolved_by_the_service_to_the_newest_build()
    {
        var name = Unique("versions");
        _service.Seed(name, "1.0.0", Hello.Replace("hello from image builder", "one-zero-zero", StringComparison.Ordinal));
        _service.Seed(name, "1.2.0", Hello.Replace("hello from image builder", "one-two-zero", StringComparison.Ordinal));
        var versionArn = $"arn:aws:imagebuilder:{AwsEmulator.Region}:{AwsEmulator.AccountId}:component/{name}/1.x.x";

        var (text, error) = await Documents().ReadAsync(versionArn, CancellationToken.None);

        error.Should().BeNull();
        text.Should().Contain("one-two-zero");
    }

    [Test]
    public async Task A_version_ARN_the_service_refuses_says_to_give_a_build_version_ARN()
    {
        await using var emulator = await AwsEmulator.StartAsync();
        emulator.Handle(ImageBuilderService.GetComponent, _ => EmulatorReply.Error(400, "InvalidParameterValueException",
            "The value supplied for parameter 'componentBuildVersionArn' is not valid."));
        var environment = emulator.ClientEnvironment();
        var documents = new ComponentDocuments(new AwsEnvironment(name => environment.GetValueOrDefault(name)), new S3ClientFactory(), TimeSpan.FromMilliseconds(5));

        var (_, error) = await documents.ReadAsync("arn:aws:imagebuilder:us-west-2:aws:component/sample-test/1.0.0", CancellationToken.None);

        error.Should().EndWith("; give a build-version ARN, arn:aws:imagebuilder:us-west-2:aws:component/sample-test/<x.y.z>/<build> (list them with: aws imagebuilder list-component-build-versions --component-version-arn <version ARN>)");
    }

    [Test]
    public async Task An_unknown_component_is_one_line_that_names_the_Region_and_what_to_check()
    {
        var arn = $"arn:aws:imagebuilder:{AwsEmulator.Region}:{AwsEmulator.AccountId}:component/{Unique("missing")}/1.0.0/1";

        var loaded = await Documents().LoadAsync(arn, CancellationToken.None);

        loaded.Document.Should().BeNull();
        var diagnostic = loaded.Diagnostics.Single();
        diagnostic.Code.Should().Be(DiagnosticCodes.FileUnreadable);
        diagnostic.Message.Should().Be($"cannot fetch it from Image Builder in us-west-2: no such component in us-west-2 visible to this account; check the ARN's Region, name, version and build (404 ResourceNotFoundException)");
    }

    [Test]
    public async Task Throttling_is_retried_with_backoff_until_the_component_comes()
    {
        var arn = _service.Seed(Unique("throttled"), "1.0.0", Hello);
        var operation = ImageBuilderService.GetComponent;
        // The injected replies are shared by the fixture's operation: use a fresh emulator for an exact count.
        await using var emulator = await AwsEmulator.StartAsync();
        var service = new ImageBuilderService(emulator);
        service.Seed(arn.Split('/')[1], "1.0.0", Hello);
        ImageBuilderService.Throttle(emulator, operation, 2);
        var environment = emulator.ClientEnvironment();
        var documents = new ComponentDocuments(new AwsEnvironment(name => environment.GetValueOrDefault(name)), new S3ClientFactory(), TimeSpan.FromMilliseconds(5));

        var (text, error) = await documents.ReadAsync(arn, CancellationToken.None);

        error.Should().BeNull();
        text.Should().Be(Hello);
        emulator.CallsOf(operation).Should().HaveCount(3, "two throttled attempts, then the answer");
    }

    [Test]
    public async Task Throttling_that_does_not_end_is_one_line_saying_to_try_later()
    {
        await using var emulator = await AwsEmulator.StartAsync();
        var service = new ImageBuilderService(emulator);
        var arn = service.Seed("busy", "1.0.0", Hello);
        ImageBuilderService.Throttle(emulator, ImageBuilderService.GetComponent, 10);
        var environment = emulator.ClientEnvironment();
        var documents = new ComponentDocuments(new AwsEnvironment(name => environment.GetValueOrDefault(name)), new S3ClientFactory(), TimeSpan.FromMilliseconds(5));

        var (_, error) = await documents.ReadAsync(arn, CancellationToken.None);

        error.Should().Be("cannot fetch it from Image Builder in us-west-2: Image Builder kept throttling the requests after retries: try again later or lower the concurrency (429 CallRateLimitExceededException)");
        emulator.CallsOf(ImageBuilderService.GetComponent).Should().HaveCount(4);
    }

    [Test]
    public async Task Access_denied_says_which_permission_is_missing()
    {
        await using var emulator = await AwsEmulator.StartAsync();
        emulator.Deny(ImageBuilderService.GetComponent);
        var environment = emulator.ClientEnvironment();
        var documents = new ComponentDocuments(new AwsEnvironment(name => environment.GetValueOrDefault(name)), new S3ClientFactory(), TimeSpan.FromMilliseconds(5));

        var (_, error) = await documents.ReadAsync("arn:aws:imagebuilder:us-west-2:111122223333:component/x/1.0.0/1", CancellationToken.None);

        error.Should().Be("cannot fetch it from Image Builder in us-west-2: access denied: the credentials lack the Image Builder permission for this call (check the IAM policy of the user or role) (400 AccessDeniedException)");
        emulator.CallsOf(ImageBuilderService.GetComponent).Should().HaveCount(1, "a refusal is not retried");
    }

    [Test]
    public async Task A_malformed_ARN_fails_before_any_call()
    {
        var before = _emulator.Calls.Count;

        var (_, error) = await Documents().ReadAsync("arn:aws:imagebuilder:us-west-2:aws:component/x/1.0", CancellationToken.None);

        error.Should().Contain("is not a valid component ARN");
        _emulator.Calls.Count.Should().Be(before);
    }

    /// <summary>Decision: the ARN's Region is where the component lives, so the request is signed for (and sent to) that Region.</summary>
    [Test]
    public async Task An_ARN_of_another_Region_is_fetched_from_that_Region_and_a_refusal_names_both_Regions()
    {
        const string arn = "arn:aws:imagebuilder:eu-central-1:111122223333:component/elsewhere/1.0.0/1";

        var (_, error) = await Documents().ReadAsync(arn, CancellationToken.None);

        _emulator.SignatureFailures.Should().Contain(failure => failure.Contains("not 'eu-central-1'", StringComparison.Ordinal),
            "the request was signed for the ARN's Region, which this us-west-2 emulator refuses as AWS would");
        error.Should().StartWith("cannot fetch it from Image Builder in eu-central-1: ")
            .And.EndWith("; the component's ARN is in eu-central-1 while the configured Region is us-west-2: the request goes to eu-central-1, so the endpoint and credentials must serve that Region");
    }

    [Test]
    public void Without_an_override_the_endpoint_is_the_ARN_Regions_public_one()
    {
        var none = new AwsEnvironment(_ => null);

        ImageBuilderClient.EndpointFor(none, "eu-central-1").Should().Be(new Uri("https://imagebuilder.eu-central-1.amazonaws.com"));
        ImageBuilderClient.EndpointFor(none, "cn-north-1").Should().Be(new Uri("https://imagebuilder.cn-north-1.amazonaws.com.cn"));
    }

    /// <summary>Decision: awstoe's AWSTOE_IMAGEBUILDER_ENDPOINT (a full URL) wins over the SDK's variables.</summary>
    [Test]
    public void AWSTOE_IMAGEBUILDER_ENDPOINT_wins_over_the_SDK_endpoint_variables()
    {
        var all = new Dictionary<string, string?>
        {
            ["AWSTOE_IMAGEBUILDER_ENDPOINT"] = "https://awstoe.example:1",
            ["AWS_ENDPOINT_URL_IMAGEBUILDER"] = "https://service.example:2",
            ["AWS_ENDPOINT_URL"] = "https://global.example:3",
        };

        string Endpoint() => ImageBuilderClient.EndpointFor(new AwsEnvironment(all.GetValueOrDefault), "us-west-2").ToString();

        Endpoint().Should().Be("https://awstoe.example:1/");
        all.Remove("AWSTOE_IMAGEBUILDER_ENDPOINT");
        Endpoint().Should().Be("https://service.example:2/");
        all.Remove("AWS_ENDPOINT_URL_IMAGEBUILDER");
        Endpoint().Should().Be("https://global.example:3/");
    }

    [Test]
    public async Task AWSTOE_IMAGEBUILDER_ENDPOINT_reaches_the_emulator_when_AWS_ENDPOINT_URL_points_elsewhere()
    {
        var arn = _service.Seed(Unique("awstoe-endpoint"), "1.0.0", Hello);

        var (text, error) = await Documents(env =>
        {
            env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
            env["AWSTOE_IMAGEBUILDER_ENDPOINT"] = _emulator.Endpoint;
        }).ReadAsync(arn, CancellationToken.None);

        error.Should().BeNull();
        text.Should().Be(Hello);
    }

    [Test]
    public async Task An_obfuscated_component_says_it_cannot_run_outside_Image_Builder()
    {
        var arn = _service.Seed(Unique("hidden"), "1.0.0", data: null, owner: "aws-marketplace", obfuscate: true);

        var (_, error) = await Documents().ReadAsync(arn, CancellationToken.None);

        error.Should().Contain("does not give out the document of this component (its publisher obfuscates it)");
    }

    [Test]
    public async Task CreateComponent_sends_the_API_reference_shape_and_returns_the_build_version_ARN()
    {
        var name = Unique("created");
        var environment = _emulator.ClientEnvironment();
        using var client = ImageBuilderClient.Create(new AwsEnvironment(environment.GetValueOrDefault), AwsEmulator.Region, TimeSpan.FromMilliseconds(5));

        var response = await client.CreateComponentAsync(new CreateComponentRequest
        {
            Name = name, SemanticVersion = "2.0.1", Platform = "Linux", Data = Hello, ClientToken = "token-" + name,
            Tags = new Dictionary<string, string> { ["team"] = "toe" },
        }, CancellationToken.None);

        response.ComponentBuildVersionArn.Should().Be($"arn:aws:imagebuilder:us-west-2:111122223333:component/{name}/2.0.1/1");
        var call = _emulator.CallsOf(ImageBuilderService.CreateComponent).Single(c => c.Json["name"]!.GetValue<string>() == name);
        call.Method.Should().Be("PUT");
        call.Headers["content-type"].Should().StartWith("application/json");
        call.Json.Select(p => p.Key).Should().BeEquivalentTo(["name", "semanticVersion", "platform", "data", "tags", "clientToken"],
            "absent optional fields are left out, not sent as null");
        call.Json["tags"]!.AsObject()["team"]!.GetValue<string>().Should().Be("toe");
        _service.Component(response.ComponentBuildVersionArn!)!["data"]!.GetValue<string>().Should().Be(Hello);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws;
using Toe.Aws.Signing;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// The SigV4-signed REST client (used for the APIs without an SDK package here) against the emulator's
/// independent signature check; and the emulator itself against a real SDK client, so both sides are
/// known to agree with AWS's rules rather than only with each other.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SignedRestClientTests
{
    private AwsEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulator = await AwsEmulator.StartAsync();
        _emulator.Handle("imagebuilder:GetComponent", call =>
            EmulatorReply.Json(new JsonObject { ["arn"] = call.Query["componentBuildVersionArn"] }));
        _emulator.Handle("logs:DescribeLogGroups", call =>
            EmulatorReply.Json(new JsonObject { ["echo"] = call.Json["logGroupNamePrefix"]?.GetValue<string>() }));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    private SignedRestClient Client(string signingName, string? secret = null, int maxAttempts = 4) =>
        new(signingName == "logs" ? "CloudWatch Logs" : "Image Builder", signingName, new Uri(_emulator.Endpoint), AwsEmulator.Region,
            new SessionAWSCredentials(AwsEmulator.AccessKey, secret ?? AwsEmulator.SecretKey, AwsEmulator.SessionToken),
            maxAttempts: maxAttempts, baseDelay: TimeSpan.FromMilliseconds(5));

    [Test]
    public async Task A_signed_GET_with_an_ARN_in_the_query_passes_the_signature_check()
    {
        const string arn = "arn:aws:imagebuilder:us-west-2:aws:component/hello world+x/1.0.0/1";
        using var client = Client("imagebuilder");

        var response = await client.SendAsync(new SignedRequest(HttpMethod.Get, "/GetComponent",
            new Dictionary<string, string> { ["componentBuildVersionArn"] = arn }), CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(response.Body)!["arn"]!.GetValue<string>().Should().Be(arn);
        _emulator.CallsOf("imagebuilder:GetComponent").Should().Contain(call => call.Headers["x-amz-security-token"] == AwsEmulator.SessionToken);
    }

    [Test]
    public async Task A_signed_JSON_protocol_POST_reaches_its_operation()
    {
        using var client = Client("logs");

        var response = await client.SendAsync(new SignedRequest(HttpMethod.Post, "/", Body: """{"logGroupNamePrefix":"/toe/ü"}""",
            ContentType: "application/x-amz-json-1.1", Target: "Logs_20140328.DescribeLogGroups"), CancellationToken.None);

        JsonNode.Parse(response.Body)!["echo"]!.GetValue<string>().Should().Be("/toe/ü");
    }

    [Test]
    public async Task A_wrong_secret_key_is_refused_with_advice_and_not_retried()
    {
        using var client = Client("imagebuilder", secret: "not-the-secret");
        var before = _emulator.SignatureFailures.Count;

        var act = () => client.SendAsync(new SignedRequest(HttpMethod.Get, "/GetComponent",
            new Dictionary<string, string> { ["componentBuildVersionArn"] = "arn:x" }), CancellationToken.None);

        (await act.Should().ThrowAsync<AwsFailureException>())
            .Which.Message.Should().Be("the request signature was refused: check AWS_SECRET_ACCESS_KEY and the machine's clock (403 InvalidSignatureException)");
        (_emulator.SignatureFailures.Count - before).Should().Be(1);
    }

    [Test]
    public async Task Throttling_is_retried_with_backoff_and_then_succeeds()
    {
        using var emulator = await OwnEmulatorAsync();
        emulator.Value.Handle("logs:DescribeLogStreams", _ => EmulatorReply.Json("{}"));
        emulator.Value.Throttle("logs:DescribeLogStreams", 3);
        using var client = new SignedRestClient("CloudWatch Logs", "logs", new Uri(emulator.Value.Endpoint), AwsEmulator.Region,
            new SessionAWSCredentials(AwsEmulator.AccessKey, AwsEmulator.SecretKey, AwsEmulator.SessionToken), baseDelay: TimeSpan.FromMilliseconds(5));

        await client.SendAsync(new SignedRequest(HttpMethod.Post, "/", Body: "{}", Target: "Logs_20140328.DescribeLogStreams"), CancellationToken.None);

        emulator.Value.CallsOf("logs:DescribeLogStreams").Should().HaveCount(4);
    }

    [Test]
    public async Task Throttling_that_does_not_stop_fails_with_one_line_after_the_last_attempt()
    {
        using var emulator = await OwnEmulatorAsync();
        emulator.Value.Throttle("logs:DescribeLogStreams", 10);
        using var client = new SignedRestClient("CloudWatch Logs", "logs", new Uri(emulator.Value.Endpoint), AwsEmulator.Region,
            new SessionAWSCredentials(AwsEmulator.AccessKey, AwsEmulator.SecretKey, AwsEmulator.SessionToken), maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(5));

        var act = () => client.SendAsync(new SignedRequest(HttpMethod.Post, "/", Body: "{}", Target: "Logs_20140328.DescribeLogStreams"), CancellationToken.None);

        (await act.Should().ThrowAsync<AwsFailureException>()).Which.Message.Should()
            .Be("CloudWatch Logs kept throttling the requests after retries: try again later or lower the concurrency (400 ThrottlingException)");
        emulator.Value.CallsOf("logs:DescribeLogStreams").Should().HaveCount(3);
    }

    [Test]
    public async Task Access_denied_names_the_missing_permission_and_is_not_retried()
    {
        using var emulator = await OwnEmulatorAsync();
        emulator.Value.Deny("imagebuilder:GetComponent");
        using var client = new SignedRestClient("Image Builder", "imagebuilder", new Uri(emulator.Value.Endpoint), AwsEmulator.Region,
            new SessionAWSCredentials(AwsEmulator.AccessKey, AwsEmulator.SecretKey, AwsEmulator.SessionToken), baseDelay: TimeSpan.FromMilliseconds(5));

        var act = () => client.SendAsync(new SignedRequest(HttpMethod.Get, "/GetComponent"), CancellationToken.None);

        (await act.Should().ThrowAsync<AwsFailureException>()).Which.Message.Should()
            .StartWith("access denied: the credentials lack the Image Builder permission");
        emulator.Value.CallsOf("imagebuilder:GetComponent").Should().HaveCount(1);
    }

    [Test]
    public async Task The_emulator_accepts_the_SDK_signer_and_refuses_a_request_for_another_region()
    {
        _emulator.Handle("ssm:GetParameter", call => EmulatorReply.Json(new JsonObject
        {
            ["Parameter"] = new JsonObject { ["Name"] = call.Json["Name"]!.GetValue<string>(), ["Type"] = "String", ["Value"] = "v1" },
        }));
        var credentials = new SessionAWSCredentials(AwsEmulator.AccessKey, AwsEmulator.SecretKey, AwsEmulator.SessionToken);
        using var ssm = new AmazonSimpleSystemsManagementClient(credentials,
            new AmazonSimpleSystemsManagementConfig { ServiceURL = _emulator.Endpoint, AuthenticationRegion = AwsEmulator.Region });
        using var wrongRegion = new AmazonSimpleSystemsManagementClient(credentials,
            new AmazonSimpleSystemsManagementConfig { ServiceURL = _emulator.Endpoint, AuthenticationRegion = "eu-north-1", MaxErrorRetry = 0 });

        var answer = await ssm.GetParameterAsync(new GetParameterRequest { Name = "/toe/a b" });
        var refused = () => wrongRegion.GetParameterAsync(new GetParameterRequest { Name = "/toe/x" });

        answer.Parameter.Value.Should().Be("v1");
        (await refused.Should().ThrowAsync<AmazonSimpleSystemsManagementException>()).Which.ErrorCode.Should().Be("InvalidSignatureException");
    }

    private static async Task<Owned> OwnEmulatorAsync() => new(await AwsEmulator.StartAsync());

    /// <summary>An emulator for one test, for tests that count calls of an operation.</summary>
    private sealed class Owned(AwsEmulator value) : IDisposable
    {
        public AwsEmulator Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using Toe.Aws.Imds;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Aws;

/// <summary>{{ aws:imds:... }} and {{ context:accountId|region }} through IMDSv2, against <see cref="ImdsEmulator"/>.</summary>
[TestFixture]
public sealed class ImdsTests : EngineTestBase
{
    private ImdsEmulator _imds = null!;

    [SetUp]
    public async Task StartEmulator() => _imds = await ImdsEmulator.StartAsync();

    [TearDown]
    public async Task StopEmulator() => await _imds.DisposeAsync();

    [Test]
    public async Task Imds_and_context_variables_resolve_in_process_with_one_token_and_one_request_per_value()
    {
        using var client = new ImdsClient(_imds.Endpoint);
        _h.InstanceMetadata = client;

        await _h.RunAsync(Yaml(
            Bash("First", "echo '{{ aws:imds:instance-id }}|{{ aws:imds:/meta-data/placement/region }}|{{ context:accountId }}|{{ context:region }}'")
            + Bash("Second", "echo '{{ aws:imds:instance-id }}|{{ aws:imds:tags/instance/Build Name }}|{{ context:accountId }}'")));

        _h.Result!.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "First").Outputs.Should().Be($$"""[{"stdout":"i-0123456789abcdef0|{{ImdsEmulator.Region}}|{{ImdsEmulator.AccountId}}|{{ImdsEmulator.Region}}"}]""");
        _h.Step("build", "Second").Outputs.Should().Be($$"""[{"stdout":"i-0123456789abcdef0|nightly|{{ImdsEmulator.AccountId}}"}]""");
        _imds.TokenRequests.Should().Be(1, "one token serves the whole run");
        _imds.Gets.Should().BeEquivalentTo(["meta-data/instance-id", "meta-data/placement/region", "identity", "meta-data/tags/instance/Build Name"], "every value is fetched once and remembered");
        _imds.Unauthorized.Should().Be(0);
    }

    [Test]
    public async Task The_real_binary_reads_imds_from_AWS_EC2_METADATA_SERVICE_ENDPOINT_and_never_logs_the_token()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("out.txt");
        temp.Write("doc.yaml", Yaml(Bash("Show", $"printf '%s' '{{{{ aws:imds:instance-id }}}} {{{{ context:accountId }}}} {{{{ context:region }}}}' > '{output}'")));
        var logs = temp.Combine("logs");

        var result = ToeProcess.RunIn(temp.Path, new Dictionary<string, string?> { [ImdsClient.EndpointVariable] = _imds.Endpoint, [ImdsClient.DisabledVariable] = null },
            "run", "--documents", "doc.yaml", "--log-directory", logs);

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllText(output).Should().Be($"i-0123456789abcdef0 {ImdsEmulator.AccountId} {ImdsEmulator.Region}");
        _imds.TokenRequests.Should().Be(1);
        var token = _imds.IssuedTokens.Single();
        var logText = string.Concat(Directory.GetFiles(logs, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        (logText + result.Stdout + result.Stderr).Should().NotContain(token);
    }

    [Test]
    public void The_real_binary_fails_the_step_when_imds_is_not_reachable()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yaml", Yaml(Bash("Show", "echo '{{ aws:imds:instance-id }}'")));
        var endpoint = $"http://127.0.0.1:{ClosedPort()}/";

        var result = ToeProcess.RunIn(temp.Path, new Dictionary<string, string?> { [ImdsClient.EndpointVariable] = endpoint, [ImdsClient.DisabledVariable] = null },
            "run", "--documents", "doc.yaml", "--log-directory", temp.Combine("logs"));

        result.ExitCode.Should().NotBe(0);
        result.Stdout.Should().Contain($"IMDS is not reachable at {endpoint} (not on EC2?)");
    }

    [Test]
    public async Task A_missing_path_fails_the_step_naming_the_path_and_the_404()
    {
        using var client = new ImdsClient(_imds.Endpoint);
        _h.InstanceMetadata = client;

        await _h.RunAsync(Yaml(Bash("Missing", "echo '{{ aws:imds:no/such-thing }}'")));

        _h.Result!.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Missing").FailureMessage.Should().Be("'{{ aws:imds:no/such-thing }}': IMDS has no meta-data/no/such-thing (404 Not Found); check the path (see the EC2 instance metadata categories)");
    }

    [Test]
    public void An_expired_token_is_replaced_once()
    {
        using var client = new ImdsClient(_imds.Endpoint);
        client.TryGet("instance-id", out _, out _).Should().BeTrue();
        _imds.RevokeTokens();

        client.TryGet("placement/region", out var region, out var problem).Should().BeTrue(problem);

        region.Should().Be(ImdsEmulator.Region);
        _imds.TokenRequests.Should().Be(2);
        _imds.Unauthorized.Should().Be(1);
    }

    [Test]
    public async Task A_closed_port_fails_the_step_quickly_as_not_on_EC2_and_leaves_account_and_region_empty()
    {
        using var client = new ImdsClient($"http://127.0.0.1:{ClosedPort()}/");
        _h.InstanceMetadata = client;

        await _h.RunAsync(Yaml(
            Bash("Context", "echo '[{{ context:accountId }}][{{ context:region }}]'")
            + Bash("Id", "echo '{{ aws:imds:instance-id }}'", "onFailure: Continue")
            + Bash("Region", "echo '{{ aws:imds:placement/region }}'", "onFailure: Continue")));

        _h.Step("build", "Context").Outputs.Should().Be("""[{"stdout":"[][]"}]""");
        _h.Step("build", "Id").FailureMessage.Should().StartWith($"'{{{{ aws:imds:instance-id }}}}': IMDS is not reachable at {client.Endpoint} (not on EC2?): ");
        _h.Step("build", "Region").FailureMessage.Should().StartWith("'{{ aws:imds:placement/region }}': IMDS is not reachable");
    }

    [Test]
    public void An_endpoint_that_never_answers_gives_up_after_the_token_timeout_and_is_not_asked_again()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new ImdsClient($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        var clock = Stopwatch.StartNew();
        client.TryGet("instance-id", out _, out var problem).Should().BeFalse();
        var first = clock.Elapsed;
        clock.Restart();
        client.Identity().Should().BeNull();
        client.TryGet("placement/region", out _, out var second).Should().BeFalse();

        problem.Should().EndWith("(not on EC2?): no answer within 1 s");
        second.Should().Be(problem);
        first.Should().BeLessThan(TimeSpan.FromSeconds(5), "the token request is bounded by 1 s");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(0.5), "'not on EC2' is remembered for the run");
    }

    [Test]
    public void AWS_EC2_METADATA_DISABLED_turns_IMDS_off_without_a_request()
    {
        using var client = ImdsClient.FromEnvironment(name => name switch
        {
            ImdsClient.EndpointVariable => _imds.Endpoint,
            ImdsClient.DisabledVariable => "true",
            _ => null,
        });

        client.TryGet("instance-id", out _, out var problem).Should().BeFalse();

        problem.Should().Be("IMDS is turned off (AWS_EC2_METADATA_DISABLED=true)");
        _imds.TokenRequests.Should().Be(0);
    }

    [Test]
    public async Task Credential_paths_are_refused_at_run_time_too_without_asking_imds()
    {
        _imds.MetaData["iam/security-credentials/role"] = "SECRET";
        using var client = new ImdsClient(_imds.Endpoint);
        _h.InstanceMetadata = client;

        await _h.RunAsync(Yaml(
            Bash("Iam", "echo '{{ aws:imds:iam/security-credentials/role }}'", "onFailure: Continue")
            + Bash("DotDot", "echo '{{ aws:imds:placement/../iam/security-credentials/role }}'", "onFailure: Continue")));

        _h.Step("build", "Iam").FailureMessage.Should().Contain("IMDS paths under iam/ and identity-credentials/ hold credentials");
        _h.Step("build", "DotDot").FailureMessage.Should().Contain("IMDS paths cannot contain '.' or '..' segments");
        _imds.TokenRequests.Should().Be(0);
    }

    [Test]
    public void Validation_rejects_credential_and_dot_paths_with_TOE3107_at_the_reference()
    {
        using var temp = new TempFolder();
        temp.Write("bad.yml", Yaml(
            Bash("Aaa", "echo '{{ aws:imds:iam/info }}'")
            + Bash("Bbb", "echo x '{{ aws:imds:identity-credentials/ec2/info }}'")
            + Bash("Ccc", "echo '{{ aws:imds:a/../iam/info }}'")));

        var result = ToeProcess.RunIn(temp.Path, "validate", "-d", "bad.yml");

        result.ExitCode.Should().NotBe(0);
        result.Stdout.Should().Contain("bad.yml:11:21: error TOE3107: {{ aws:imds:iam/info }}: IMDS paths under iam/ and identity-credentials/ hold credentials");
        result.Stdout.Should().Contain("bad.yml:17:23: error TOE3107: {{ aws:imds:identity-credentials/ec2/info }}: IMDS paths under iam/");
        result.Stdout.Should().Contain("bad.yml:23:21: error TOE3107: {{ aws:imds:a/../iam/info }}: IMDS paths cannot contain '.' or '..' segments");
    }

    [TestCase("""{"accountId":"111122223333","region":"us-east-1"}""", "111122223333", "us-east-1")]
    [TestCase("""{"accountId":"111122223333"}""", null, null)]
    [TestCase("not json", null, null)]
    public void The_identity_document_is_read_for_account_and_region(string json, string? account, string? region)
    {
        var identity = ImdsClient.ParseIdentity(json);

        identity?.AccountId.Should().Be(account);
        identity?.Region.Should().Be(region);
        (identity is null).Should().Be(account is null);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

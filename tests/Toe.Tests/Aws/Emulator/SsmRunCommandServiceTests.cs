using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using FluentAssertions;
using NUnit.Framework;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// The fake SSM Run Command against the real SDK client: its answers have the shapes the SDK reads, its errors map to
/// the SDK's modelled exceptions, and it truncates output as SSM does.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SsmRunCommandServiceTests
{
    private static AmazonSimpleSystemsManagementClient Client(AwsEmulator emulator) =>
        new(new SessionAWSCredentials(AwsEmulator.AccessKey, AwsEmulator.SecretKey, AwsEmulator.SessionToken),
            new AmazonSimpleSystemsManagementConfig { ServiceURL = emulator.Endpoint, AuthenticationRegion = AwsEmulator.Region });

    [Test]
    public async Task Output_is_truncated_to_24000_characters_and_the_exit_code_is_the_response_code()
    {
        await using var emulator = await AwsEmulator.StartAsync();
        using var ssm = new SsmRunCommandService(emulator);
        ssm.AddInstance("i-0123456789abcdef0");
        using var client = Client(emulator);

        var sent = await client.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = ["i-0123456789abcdef0"],
            Parameters = new Dictionary<string, List<string>> { ["commands"] = ["head -c 30000 /dev/zero | tr '\\0' x", "exit 5"] },
        });
        GetCommandInvocationResponse invocation;
        do
        {
            await Task.Delay(50);
            invocation = await client.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = sent.Command.CommandId, InstanceId = "i-0123456789abcdef0" });
        }
        while (invocation.Status == CommandInvocationStatus.Pending || invocation.Status == CommandInvocationStatus.InProgress);

        invocation.Status.Should().Be(CommandInvocationStatus.Failed);
        invocation.ResponseCode.Should().Be(5);
        invocation.StandardOutputContent.Should().HaveLength(SsmRunCommandService.MaxOutput).And.MatchRegex("^x+$");
        var listed = await client.ListCommandsAsync(new ListCommandsRequest { CommandId = sent.Command.CommandId });
        listed.Commands.Single().Status.Should().Be(CommandStatus.Failed);
    }

    [Test]
    public async Task An_instance_SSM_does_not_manage_is_InvalidInstanceId_and_a_wrong_document_InvalidDocument()
    {
        await using var emulator = await AwsEmulator.StartAsync();
        using var ssm = new SsmRunCommandService(emulator);
        using var client = Client(emulator);
        var parameters = new Dictionary<string, List<string>> { ["commands"] = ["true"] };

        var unmanaged = () => client.SendCommandAsync(new SendCommandRequest { DocumentName = "AWS-RunShellScript", InstanceIds = ["i-0123456789abcdef0"], Parameters = parameters });
        var document = () => client.SendCommandAsync(new SendCommandRequest { DocumentName = "No-Such-Document", InstanceIds = ["i-0123456789abcdef0"], Parameters = parameters });

        await unmanaged.Should().ThrowAsync<InvalidInstanceIdException>();
        await document.Should().ThrowAsync<InvalidDocumentException>();
        (await client.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest
        {
            Filters = [new InstanceInformationStringFilter { Key = "InstanceIds", Values = ["i-0123456789abcdef0"] }],
        })).InstanceInformationList.Should().BeEmpty("DescribeInstanceInformation lists only managed instances");
    }
}

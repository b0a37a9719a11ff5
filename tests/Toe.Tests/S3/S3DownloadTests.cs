using System.Security.Cryptography;
using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Reports;
using Toe.Tests.EngineTests;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.S3;

/// <summary>S3Download against a real S3-compatible server (s3rver), and a fake one for what s3rver cannot show.</summary>
[TestFixture]
public sealed class S3DownloadTests : EngineTestBase
{
    [SetUp]
    public void UseS3Server()
    {
        S3Server.Require();
        _h.Registry = S3Server.Registry();
    }

    private async Task<StepReport> RunStepAsync(string inputs, string? extra = null)
    {
        await _h.RunAsync(Yaml(Step("Download", "S3Download", inputs, extra)));
        return _h.Step("build", "Download");
    }

    [Test]
    public async Task Reference_example_copy_an_object_to_a_local_file()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "path/to/package.zip", "zip bytes");
        var destination = Path.Combine(_h.Root, "myfolder", "package.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        // The page's example, Linux paths: overwrite false (nothing there yet), true, then the default (true).
        var step = await RunStepAsync($"""
            - source: s3://{bucket}/path/to/package.zip
              destination: {destination}
              expectedBucketOwner: 123456789022
              overwrite: false
            - source: s3://{bucket}/path/to/package.zip
              destination: {destination}
              expectedBucketOwner: 123456789022
              overwrite: true
            - source: s3://{bucket}/path/to/package.zip
              destination: {destination}
              expectedBucketOwner: 123456789022
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllText(destination).Should().Be("zip bytes");
        Directory.GetFiles(Path.GetDirectoryName(destination)!).Should().ContainSingle("no temporary file stays behind");
    }

    [Test]
    public async Task Reference_example_copy_every_object_under_a_key_prefix_to_a_local_folder()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "path/to/a.txt", "A");
        await S3Server.PutAsync(bucket, "path/to/sub/b.txt", "B");
        await S3Server.PutAsync(bucket, "path/to/sub/deeper/c.txt", "C");
        await S3Server.PutAsync(bucket, "path/other.txt", "not under the prefix");
        var folder = Path.Combine(_h.Root, "myfolder") + "/";

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/path/to/*
              destination: {folder}
              expectedBucketOwner: 123456789022
              overwrite: false
            - source: s3://{bucket}/path/to/*
              destination: {folder}
              expectedBucketOwner: 123456789022
              overwrite: true
            - source: s3://{bucket}/path/to/*
              destination: {folder}
              expectedBucketOwner: 123456789022
            """, "maxAttempts: 3");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllText(Path.Combine(folder, "a.txt")).Should().Be("A");
        File.ReadAllText(Path.Combine(folder, "sub", "b.txt")).Should().Be("B");
        File.ReadAllText(Path.Combine(folder, "sub", "deeper", "c.txt")).Should().Be("C");
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Should().HaveCount(3);
    }

    [Test]
    public async Task Overwrite_false_on_an_existing_file_fails_with_the_documented_message_and_keeps_the_file()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "package.zip", "new");
        var destination = Path.Combine(_h.Root, "package.zip");
        File.WriteAllText(destination, "old");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/package.zip
              destination: {destination}
              overwrite: false
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("S3Download").And.Contain(S3Download.OverwriteRefused).And.Contain(destination);
        File.ReadAllText(destination).Should().Be("old");
    }

    [Test]
    public async Task Overwrite_false_for_a_prefix_fails_before_any_object_is_downloaded()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "p/a.txt", "A");
        await S3Server.PutAsync(bucket, "p/b.txt", "B");
        var folder = Path.Combine(_h.Root, "out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "b.txt"), "old");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/p/*
              destination: {folder}
              overwrite: false
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(S3Download.OverwriteRefused).And.Contain("b.txt");
        File.Exists(Path.Combine(folder, "a.txt")).Should().BeFalse("the existing file is found before anything is written");
    }

    [Test]
    public async Task A_large_object_arrives_in_ranged_parts_byte_for_byte()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var data = new byte[(20 * 1024 * 1024) + 12345];
        new Random(7).NextBytes(data);
        var local = Path.Combine(_h.Root, "big.bin");
        File.WriteAllBytes(local, data);
        await S3Server.PutFileAsync(bucket, "big.bin", local);
        var destination = Path.Combine(_h.Root, "dl", "big.bin");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/big.bin
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        SHA256.HashData(File.ReadAllBytes(destination)).Should().Equal(SHA256.HashData(data));
    }

    [Test]
    public async Task An_empty_object_gives_an_empty_file()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "empty.txt", string.Empty);
        var destination = Path.Combine(_h.Root, "empty.txt");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/empty.txt
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        new FileInfo(destination).Length.Should().Be(0);
    }

    [Test]
    public async Task A_folder_destination_keeps_the_object_name()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "path/tool.sh", "echo hi");
        var folder = Path.Combine(_h.Root, "tools") + "/";

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/path/tool.sh
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllText(Path.Combine(folder, "tool.sh")).Should().Be("echo hi");
    }

    [Test]
    public async Task More_than_1000_objects_under_a_prefix_are_all_downloaded()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await S3Server.PutAsync(bucket, $"many/f{i:D4}.txt", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var folder = Path.Combine(_h.Root, "many");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/many/*
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Directory.GetFiles(folder).Should().HaveCount(1005);
        File.ReadAllText(Path.Combine(folder, "f1004.txt")).Should().Be("1004");
    }

    [Test]
    public async Task A_missing_object_fails_naming_the_source_and_leaves_no_file()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var folder = Path.Combine(_h.Root, "out");
        Directory.CreateDirectory(folder);

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/nope.zip
              destination: {folder}/nope.zip
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"s3://{bucket}/nope.zip").And.Contain("does not exist");
        Directory.GetFileSystemEntries(folder).Should().BeEmpty();
    }

    [Test]
    public async Task A_missing_bucket_fails_naming_the_source()
    {
        S3Server.Require();
        var step = await RunStepAsync($"""
            - source: s3://toe-no-such-bucket-{Guid.NewGuid():N}/x/*
              destination: {_h.Root}/out/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("s3://toe-no-such-bucket-").And.Contain("bucket does not exist");
    }

    [Test]
    public async Task An_empty_prefix_fails_rather_than_doing_nothing()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var step = await RunStepAsync($"""
            - source: s3://{bucket}/nothing/*
              destination: {_h.Root}/out/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("no objects match");
    }

    [TestCase("evil\\..\\..\\x.txt")]
    public async Task A_key_that_would_leave_the_destination_fails_the_step_and_names_the_key(string rest)
    {
        var bucket = await S3Server.CreateBucketAsync();
        await S3Server.PutAsync(bucket, "p/good.txt", "good");
        await S3Server.PutAsync(bucket, "p/" + rest, "evil");
        var folder = Path.Combine(_h.Root, "inside", "dest");

        var step = await RunStepAsync($"""
            - source: s3://{bucket}/p/*
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("refused the object key").And.Contain($"'p/{rest}'");
        Directory.GetFiles(_h.Root, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".txt", StringComparison.Ordinal)).Should().BeEmpty("nothing is downloaded when one key is unsafe");
    }

    [TestCase("../x.txt")]
    [TestCase("a/../../x.txt")]
    [TestCase("/x.txt")]
    [TestCase("a\\x.txt")]
    [TestCase("./x.txt")]
    public void SafeTarget_refuses_keys_that_escape(string relative)
    {
        var act = () => S3Download.SafeTarget("/tmp/dest", relative, "p/" + relative);
        act.Should().Throw<ItemFailedException>().Which.Message.Should().Contain($"'p/{relative}'");
    }

    [Test]
    public void SafeTarget_keeps_ordinary_keys_inside()
    {
        S3Download.SafeTarget("/tmp/dest", "a/b..c/x.txt", "k").Should().Be("/tmp/dest/a/b..c/x.txt");
        S3Download.SafeTarget("/tmp/dest", "sub/", "k").Should().Be("/tmp/dest/sub");
    }

    [Test]
    public async Task ExpectedBucketOwner_is_sent_and_a_wrong_owner_fails_with_access_denied()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.CheckOwner);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));
        var folder = Path.Combine(_h.Root, "out");
        Directory.CreateDirectory(folder);

        var step = await RunStepAsync($"""
            - source: s3://bucket/ok.txt
              destination: {folder}/ok.txt
              expectedBucketOwner: {FakeS3Server.Owner}
            - source: s3://bucket/denied.txt
              destination: {folder}/denied.txt
              expectedBucketOwner: 999988887777
            """);

        step.FailureMessage.Should().Contain("s3://bucket/denied.txt");
        fake.Requests.Should().Contain(r => r.Path == "/bucket/ok.txt" && r.Headers["x-amz-expected-bucket-owner"] == FakeS3Server.Owner);
        fake.Requests.Should().Contain(r => r.Path == "/bucket/denied.txt" && r.Headers["x-amz-expected-bucket-owner"] == "999988887777");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("s3://bucket/denied.txt").And.Contain("access denied").And.Contain("999988887777");
        File.ReadAllText(Path.Combine(folder, "ok.txt")).Should().Be("owned");
        Directory.GetFiles(folder).Should().ContainSingle();
    }

    [Test]
    public async Task ExpectedBucketOwner_is_sent_with_the_list_request_of_a_prefix()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.CheckOwner);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));

        var step = await RunStepAsync($"""
            - source: s3://bucket/logs/*
              destination: {_h.Root}/out/
              expectedBucketOwner: 999988887777
            """);

        step.Status.Should().Be(Statuses.Failed);
        fake.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.Headers["x-amz-expected-bucket-owner"] == "999988887777");
        step.FailureMessage.Should().Contain("access denied");
    }

    [Test]
    public async Task A_prefix_download_keeps_at_least_four_requests_in_flight()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.Gate);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));
        var folder = Path.Combine(_h.Root, "out");

        var step = await RunStepAsync($"""
            - source: s3://bucket/p/*
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Directory.GetFiles(folder).Should().HaveCount(8);
        fake.MaxInFlight.Should().BeGreaterThanOrEqualTo(4);
    }

    [Test]
    public async Task A_server_that_hangs_is_ended_by_the_step_timeout_and_leaves_no_file()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.Hang);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));
        var folder = Path.Combine(_h.Root, "out");
        Directory.CreateDirectory(folder);

        var step = await RunStepAsync($"""
            - source: s3://bucket/slow.bin
              destination: {folder}/slow.bin
            """, "timeoutSeconds: 2");

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("timed out");
        Directory.GetFileSystemEntries(folder).Should().BeEmpty();
    }

    [Test]
    public async Task A_truncated_body_fails_naming_the_source_and_leaves_no_file()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.Truncate);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));
        var folder = Path.Combine(_h.Root, "out");
        Directory.CreateDirectory(folder);

        var step = await RunStepAsync($"""
            - source: s3://bucket/cut.bin
              destination: {folder}/cut.bin
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("s3://bucket/cut.bin").And.MatchRegex("truncated|broke off");
        Directory.GetFileSystemEntries(folder).Should().BeEmpty();
    }

    [Test]
    public async Task A_source_that_is_not_an_s3_uri_fails_with_the_expected_form()
    {
        var step = await RunStepAsync($"""
            - source: https://example.com/x
              destination: {_h.Root}/x
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("input 'source'").And.Contain("s3://bucket/key");
    }
}

using System.Security.Cryptography;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.S3;

/// <summary>S3Upload against a real S3-compatible server (s3rver), and a fake one for the owner header.</summary>
[TestFixture]
public sealed class S3UploadTests : EngineTestBase
{
    private string _folder = string.Empty;

    [SetUp]
    public void UseS3Server()
    {
        S3Server.Require();
        _h.Registry = S3Server.Registry();

        // myfolder/package.zip, myfolder/notes.txt, myfolder/sub/deep.txt, myfolder/sub/more/deeper.txt
        _folder = Path.Combine(_h.Root, "myfolder");
        Directory.CreateDirectory(Path.Combine(_folder, "sub", "more"));
        File.WriteAllText(Path.Combine(_folder, "package.zip"), "zip");
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "notes");
        File.WriteAllText(Path.Combine(_folder, "sub", "deep.txt"), "deep");
        File.WriteAllText(Path.Combine(_folder, "sub", "more", "deeper.txt"), "deeper");
    }

    private async Task<StepReport> RunStepAsync(string inputs, string? extra = null)
    {
        await _h.RunAsync(Yaml(Step("Upload", "S3Upload", inputs, extra)));
        return _h.Step("build", "Upload");
    }

    [Test]
    public async Task Reference_example_copy_a_local_file_to_an_object()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/package.zip
              destination: s3://{bucket}/path/to/package.zip
              expectedBucketOwner: 123456789022
            """, "onFailure: Abort\nmaxAttempts: 3");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.GetAsync(bucket, "path/to/package.zip")).Should().Be("zip");
        (await S3Server.KeysAsync(bucket)).Should().Equal("path/to/package.zip");
    }

    [Test]
    public async Task Reference_example_copy_the_files_of_a_folder_to_a_key_prefix_without_sub_folders()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/*
              destination: s3://{bucket}/path/to/
              expectedBucketOwner: 123456789022
            """, "onFailure: Abort\nmaxAttempts: 3");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().BeEquivalentTo("path/to/notes.txt", "path/to/package.zip");
    }

    [Test]
    public async Task Reference_example_copy_files_and_folders_recursively()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/*
              destination: s3://{bucket}/path/to/
              recurse: true
              expectedBucketOwner: 123456789022
            """, "onFailure: Abort\nmaxAttempts: 3");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().BeEquivalentTo("path/to/notes.txt", "path/to/package.zip", "path/to/sub/deep.txt", "path/to/sub/more/deeper.txt");
        (await S3Server.GetAsync(bucket, "path/to/sub/more/deeper.txt")).Should().Be("deeper");
    }

    [TestCase("'true'", true)]
    [TestCase("\"TRUE\"", true)]
    [TestCase("'false'", false)]
    [TestCase("false", false)]
    public async Task Recurse_is_accepted_as_the_documented_string_and_as_a_boolean(string recurse, bool expectTree)
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/*
              destination: s3://{bucket}/p/
              recurse: {recurse}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().HaveCount(expectTree ? 4 : 2);
    }

    [Test]
    public async Task A_folder_with_recurse_uploads_its_tree_under_the_prefix()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}
              destination: s3://{bucket}/tree/
              recurse: 'true'
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().BeEquivalentTo("tree/notes.txt", "tree/package.zip", "tree/sub/deep.txt", "tree/sub/more/deeper.txt");
    }

    [Test]
    public async Task A_folder_without_recurse_fails_and_says_how_to_upload_it()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}
              destination: s3://{bucket}/tree/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("is a folder").And.Contain("recurse: true");
        (await S3Server.KeysAsync(bucket)).Should().BeEmpty();
    }

    [Test]
    public async Task A_file_to_a_prefix_keeps_its_name()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/notes.txt
              destination: s3://{bucket}/docs/
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().Equal("docs/notes.txt");
    }

    [Test]
    public async Task A_wildcard_pattern_uploads_only_matching_files()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/*.txt
              destination: s3://{bucket}/t/
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        (await S3Server.KeysAsync(bucket)).Should().Equal("t/notes.txt");
    }

    [Test]
    public async Task A_large_file_goes_up_as_a_multipart_upload_byte_for_byte()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var data = new byte[(20 * 1024 * 1024) + 777];
        new Random(3).NextBytes(data);
        var file = Path.Combine(_h.Root, "big.bin");
        File.WriteAllBytes(file, data);

        var step = await RunStepAsync($"""
            - source: {file}
              destination: s3://{bucket}/big.bin
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        var back = Path.Combine(_h.Root, "back.bin");
        using (var client = S3Server.Factory().Create())
        {
            using var response = await client.GetObjectAsync(bucket, "big.bin");
            await using var output = File.Create(back);
            await response.ResponseStream.CopyToAsync(output);
        }

        SHA256.HashData(File.ReadAllBytes(back)).Should().Equal(SHA256.HashData(data));
    }

    [Test]
    public async Task Files_above_the_threshold_use_multipart_upload_with_parts_in_parallel()
    {
        var bucket = await S3Server.CreateBucketAsync();
        var data = new byte[(17 * 1024 * 1024) + 5];
        new Random(5).NextBytes(data);
        var file = Path.Combine(_h.Root, "mp.bin");
        File.WriteAllBytes(file, data);
        using var client = S3Server.Factory().Create();
        var requests = new List<string>();
        ((Amazon.S3.AmazonS3Client)client).BeforeRequestEvent += (_, e) =>
        {
            if (e is Amazon.Runtime.WebServiceRequestEventArgs web)
            {
                lock (requests)
                {
                    requests.Add(web.Request.GetType().Name);
                }
            }
        };

        await new Toe.Aws.S3Transfer(client, 4, useChunkEncoding: false).UploadFileAsync(file, new Toe.Aws.S3Location(bucket, "mp.bin"), null, CancellationToken.None);

        requests.Should().Equal(["InitiateMultipartUploadRequest", "UploadPartRequest", "UploadPartRequest", "UploadPartRequest", "CompleteMultipartUploadRequest"]);
        using var response = await client.GetObjectAsync(bucket, "mp.bin");
        response.ContentLength.Should().Be(data.Length);
    }

    [Test]
    public async Task A_missing_source_fails_naming_it()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_h.Root}/nope.zip
              destination: s3://{bucket}/nope.zip
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"{_h.Root}/nope.zip").And.Contain("does not exist");
    }

    [Test]
    public async Task A_wildcard_matching_nothing_fails()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/*.none
              destination: s3://{bucket}/p/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("no files match");
    }

    [Test]
    public async Task A_missing_bucket_fails_naming_the_destination()
    {
        S3Server.Require();
        var step = await RunStepAsync($"""
            - source: {_folder}/notes.txt
              destination: s3://toe-missing-{Guid.NewGuid():N}/x.txt
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("s3://toe-missing-").And.Contain("bucket does not exist");
    }

    [Test]
    public async Task ExpectedBucketOwner_is_sent_and_a_wrong_owner_fails_with_access_denied()
    {
        using var fake = new FakeS3Server(FakeS3Server.Behaviour.CheckOwner);
        _h.Registry = S3Server.Registry(S3Server.Factory(fake.Environment));

        var step = await RunStepAsync($"""
            - source: {_folder}/notes.txt
              destination: s3://bucket/ok.txt
              expectedBucketOwner: {FakeS3Server.Owner}
            - source: {_folder}/notes.txt
              destination: s3://bucket/denied.txt
              expectedBucketOwner: 999988887777
            """);

        fake.Requests.Should().Contain(r => r.Method == "PUT" && r.Path == "/bucket/ok.txt" && r.Headers["x-amz-expected-bucket-owner"] == FakeS3Server.Owner);
        fake.Requests.Should().Contain(r => r.Method == "PUT" && r.Path == "/bucket/denied.txt" && r.Headers["x-amz-expected-bucket-owner"] == "999988887777");
        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("s3://bucket/denied.txt").And.Contain("access denied").And.Contain("999988887777");
    }

    [Test]
    public async Task An_expectedBucketOwner_that_is_not_an_account_id_fails_before_any_request()
    {
        var bucket = await S3Server.CreateBucketAsync();

        var step = await RunStepAsync($"""
            - source: {_folder}/notes.txt
              destination: s3://{bucket}/x.txt
              expectedBucketOwner: my-account
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("expectedBucketOwner").And.Contain("12-digit");
        (await S3Server.KeysAsync(bucket)).Should().BeEmpty();
    }
}

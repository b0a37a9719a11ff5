using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Actions.Web;
using Toe.Engine;
using Toe.Reports;
using Toe.Tests.EngineTests;
using Toe.Tests.Support;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Actions;

/// <summary>
/// WebDownload against a real Kestrel server on loopback (<see cref="TestWebServer"/>): the Linux-adapted examples of
/// AWS's reference page, then every failure the module must report clearly without leaving a partial file.
/// Retries use millisecond delays (the module's options); nothing here asserts a duration.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class WebDownloadTests : EngineTestBase
{
    private static readonly WebDownloadOptions Fast = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(40),
        IdleTimeout = TimeSpan.FromSeconds(20),
    };

    private TestWebServer? _server;
    private TempFolder? _dir;

    private TestWebServer Server => _server ?? throw new InvalidOperationException("server not started");

    private TempFolder Dir => _dir ?? throw new InvalidOperationException("no test folder");

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestWebServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SetUp]
    public void CreateFolder()
    {
        _dir = new TempFolder();
        UseModule(Fast);
    }

    [TearDown]
    public void RemoveFolder() => _dir?.Dispose();

    // ---- The examples of the reference page (Linux paths; URLs on the test server) ----

    [Test]
    public async Task Example_download_remote_file_to_local_destination()
    {
        var destination = Dir.Combine("testfolder", "package.zip");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/path/to/java14.zip")}'
              destination: {destination}
            """, "maxAttempts: 3", name: "DownloadRemoteFile");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
        Output(step).Should().Be(destination);
    }

    [Test]
    public async Task Example_download_more_than_one_remote_file_to_more_than_one_local_destination()
    {
        var renamed = Dir.Combine("java14_renamed.zip");
        var folder = Dir.Combine("create_new_folder_and_add_java14_as_zip") + "/";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/path/to/java14.zip")}'
              destination: {renamed}
            - source: '{Server.HttpUrl("/files/path/to/java14.zip")}'
              destination: {folder}
            """, "maxAttempts: 3", name: "DownloadRemoteFiles");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        var intoFolder = Path.Combine(folder, "java14.zip");
        File.ReadAllBytes(renamed).Should().Equal(TestWebServer.Content);
        File.ReadAllBytes(intoFolder).Should().Equal(TestWebServer.Content);
        Output(step).Should().Be(renamed + "\n" + intoFolder);
    }

    [Test]
    public async Task Example_download_without_overwriting_and_another_with_file_verification()
    {
        var renamed = Dir.Combine("create_new_folder", "java14_renamed.zip");
        var folder = Dir.Combine("create_new_folder_and_add_java14_as_zip") + "/";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/path/to/java14.zip")}'
              destination: {renamed}
              overwrite: false
            - source: '{Server.HttpUrl("/files/path/to/java14.zip")}'
              destination: {folder}
              checksum: {Hash("MD5")}
              algorithm: MD5
              overwrite: true
            """, "maxAttempts: 3", name: "DownloadRemoteMultipleProperties");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Output(step).Should().Be(renamed + "\n" + Path.Combine(folder, "java14.zip"));
        File.ReadAllBytes(Path.Combine(folder, "java14.zip")).Should().Equal(TestWebServer.Content);
    }

    [Test]
    public async Task Example_download_remote_file_and_ignore_ssl_certificate_validation()
    {
        var folder = Dir.Combine("downloads") + "/";

        var step = await Run($"""
            - source: '{Server.HttpsUrl("/files/resource")}'
              destination: {folder}
              ignoreCertificateErrors: true
            """, "maxAttempts: 3", name: "DownloadRemoteIgnoreValidation");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Output(step).Should().Be(Path.Combine(folder, "resource"));
        File.ReadAllBytes(Path.Combine(folder, "resource")).Should().Equal(TestWebServer.Content);
        _h.ReadLog("application.log").Should().Contain("TLS certificate errors are ignored");
    }

    // ---- TLS ----

    [Test]
    public async Task An_untrusted_certificate_fails_without_retrying_and_names_the_way_out()
    {
        var destination = Dir.Combine("out", "file.zip");
        var url = Server.HttpsUrl("/files/untrusted.zip");

        var step = await Run($"""
            - source: '{url}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(url).And.Contain("TLS").And.Contain("ignoreCertificateErrors: true");
        Server.HitCount("/files/untrusted.zip").Should().Be(0, "the handshake fails before any request");
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task Ignore_certificate_errors_accepts_the_text_true_from_a_parameter()
    {
        var destination = Dir.Combine("file.zip");

        var step = await Run($"""
            - source: '{Server.HttpsUrl("/files/param.zip")}'
              destination: {destination}
              ignoreCertificateErrors: '{"{{ Ignore }}"}'
            """, header: "parameters:\n  - Ignore:\n      type: string\n      default: 'TRUE'");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
    }

    // ---- Destinations and file names ----

    [Test]
    public async Task Folder_destinations_take_the_percent_decoded_last_path_segment_and_ignore_the_query()
    {
        var folder = Dir.Combine("deep", "new", "folder") + "/";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/dir/my%20file%2B1.txt?version=3&x=y#part")}'
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        var expected = Path.Combine(folder, "my file+1.txt");
        Output(step).Should().Be(expected);
        File.ReadAllBytes(expected).Should().Equal(TestWebServer.Content);
    }

    [Test]
    public async Task Content_disposition_does_not_choose_the_file_name()
    {
        var folder = Dir.Combine("dl") + "/";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/download?id=7")}'
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Output(step).Should().Be(Path.Combine(folder, "download"));
        File.Exists(Path.Combine(folder, "evil.sh")).Should().BeFalse();
    }

    [Test]
    public async Task Into_a_folder_the_name_comes_from_the_url_as_written_not_from_where_it_redirects()
    {
        var folder = Dir.Combine("redirects") + "/";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/redirect/2")}'
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Output(step).Should().Be(Path.Combine(folder, "2"));
        File.ReadAllBytes(Path.Combine(folder, "2")).Should().Equal(TestWebServer.Content);
    }

    [Test]
    public async Task The_bytes_are_saved_as_served_without_decompression()
    {
        var destination = Dir.Combine("content.gz");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/gzip")}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Gzipped);
    }

    [TestCase("/files/folder/", "has no file name after its last '/'")]
    [TestCase("/", "has no file name after its last '/'")]
    [TestCase("/files/..%2F..%2Fescape", "is not usable as a file name")]
    [TestCase("/files/%2E%2E", "has no file name after its last '/'")]
    public async Task A_url_without_a_usable_file_name_into_a_folder_fails_before_any_request(string path, string reason)
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl(path)}'
              destination: {Dir.Combine("dl")}/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(reason).And.Contain("give a file path as destination");
        Server.HitCount(path).Should().Be(0);
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task An_existing_folder_named_without_a_trailing_slash_is_refused()
    {
        var folder = Directory.CreateDirectory(Dir.Combine("existing")).FullName;

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/a.zip")}'
              destination: {folder}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"'{folder}' is a folder; end the destination with '/'");
        Directory.EnumerateFileSystemEntries(folder).Should().BeEmpty();
    }

    [Test]
    public async Task A_relative_destination_is_relative_to_the_working_directory_and_the_output_is_absolute()
    {
        var work = Directory.CreateDirectory(Dir.Combine("work")).FullName;
        var document = Dir.Write("doc.yml", Yaml(Step("Download", "WebDownload", $"""
            - source: '{Server.HttpUrl("/files/relative.zip")}'
              destination: sub/
            - source: '{Server.HttpUrl("/files/relative.zip")}'
              destination: ./named.bin
            """)));

        var result = ToeProcess.RunIn(work, "run", "--documents", document, "--log-directory", Dir.Combine("logs"));

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        File.ReadAllBytes(Path.Combine(work, "sub", "relative.zip")).Should().Equal(TestWebServer.Content);
        File.ReadAllBytes(Path.Combine(work, "named.bin")).Should().Equal(TestWebServer.Content);
        var detailed = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(Dir.Combine("logs"), "detailedoutput.json", SearchOption.AllDirectories).Single()))!;
        var outputs = JsonNode.Parse(detailed["documents"]![0]!["phases"]![0]!["steps"]![0]!["outputs"]!.GetValue<string>())!;
        outputs[0]!["destination"]!.GetValue<string>().Should().Be(Path.Combine(work, "sub", "relative.zip") + "\n" + Path.Combine(work, "named.bin"));
    }

    [Test]
    public async Task A_destination_chained_from_stdout_works_as_in_the_corpus_documents()
    {
        var target = Dir.Combine("scripts", "install.sh");
        var yaml = Yaml(
            Bash("InstallationScript", $"echo \"{target}\"") +
            Step("DownloadInstallationScript", "WebDownload", $"""
                - source: '{Server.HttpUrl("/files/install.sh")}'
                  destination: '{"{{ build.InstallationScript.outputs.stdout }}"}'
                """));

        await _h.RunAsync(yaml);

        var step = _h.Step("build", "DownloadInstallationScript");
        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(target).Should().Equal(TestWebServer.Content);
    }

    // ---- overwrite and checksum ----

    [Test]
    public async Task Overwrite_false_fails_on_an_existing_file_without_a_request_and_leaves_it_alone()
    {
        var destination = Dir.Write("keep.txt", "mine");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/nooverwrite.zip")}'
              destination: {destination}
              overwrite: false
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"'{destination}' already exists and overwrite is false");
        File.ReadAllText(destination).Should().Be("mine");
        Server.HitCount("/files/nooverwrite.zip").Should().Be(0);
    }

    [Test]
    public async Task Overwrite_defaults_to_true_and_keeps_the_permissions_of_the_replaced_file()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix permissions");
            return;
        }

        var destination = Dir.Write("tool.sh", "old");
        File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/tool.sh")}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
        File.GetUnixFileMode(destination).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [TestCase("MD5")]
    [TestCase("SHA1")]
    [TestCase("sha256")]
    [TestCase("Sha512")]
    public async Task Every_algorithm_verifies_the_download_case_insensitively(string algorithm)
    {
        var destination = Dir.Combine("verified.bin");
        var checksum = algorithm.ToUpperInvariant() switch
        {
            "MD5" => Hash("MD5"),
            "SHA1" => Hash("SHA1"),
            "SHA256" => Hash("SHA256"),
            _ => Hash("SHA512"),
        };

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/verified.bin")}'
              destination: {destination}
              checksum: {checksum.ToUpperInvariant()}
              algorithm: {algorithm}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
    }

    [Test]
    public async Task A_checksum_mismatch_fails_without_retrying_and_leaves_the_existing_file()
    {
        var destination = Dir.Write("existing.bin", "old content");
        var wrong = new string('0', 64);

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/mismatch.bin")}'
              destination: {destination}
              checksum: {wrong}
              algorithm: SHA256
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(Server.HttpUrl("/files/mismatch.bin"))
            .And.Contain($"checksum mismatch: expected SHA256 {wrong}, the download has {Hash("SHA256")}");
        File.ReadAllText(destination).Should().Be("old content");
        Server.HitCount("/files/mismatch.bin").Should().Be(1);
        LeftInFolder().Should().Equal("existing.bin");
    }

    [Test]
    public async Task An_existing_file_that_matches_the_checksum_is_not_downloaded_again_and_the_log_says_so()
    {
        var destination = Dir.Combine("cached.bin");
        File.WriteAllBytes(destination, TestWebServer.Content);

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/cached.bin")}'
              destination: {destination}
              checksum: {Hash("SHA256")}
              algorithm: SHA256
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Output(step).Should().Be(destination);
        Server.HitCount("/files/cached.bin").Should().Be(0);
        _h.ReadLog("application.log").Should().Contain($"'{destination}' already has the expected SHA256 checksum; download of '{Server.HttpUrl("/files/cached.bin")}' skipped");
    }

    [Test]
    public async Task An_existing_file_that_differs_from_the_checksum_is_replaced()
    {
        var destination = Dir.Write("stale.bin", "stale");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/stale.bin")}'
              destination: {destination}
              checksum: {Hash("SHA1")}
              algorithm: SHA1
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
        Server.HitCount("/files/stale.bin").Should().Be(1);
    }

    [Test]
    public async Task A_checksum_without_algorithm_is_not_verified_as_documented_and_the_log_warns()
    {
        var destination = Dir.Combine("unverified.bin");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/unverified.bin")}'
              destination: {destination}
              checksum: {new string('0', 64)}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.Exists(destination).Should().BeTrue();
        _h.ReadLog("application.log").Should().Contain("input 'checksum' is given without 'algorithm'; the download is not verified");
    }

    [TestCase("SHA256", "abc", "is not a SHA256 hash: expected 64 hex digits, got 'abc'")]
    [TestCase("MD5", "zz68bbf921d953d1cfab916cb6120864", "is not a MD5 hash")]
    [TestCase("CRC32", "ac68bbf921d953d1cfab916cb6120864", "input 'algorithm' is 'CRC32'; use MD5, SHA1, SHA256 or SHA512")]
    public async Task A_bad_checksum_or_algorithm_fails_before_any_request(string algorithm, string checksum, string message)
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/badsum.bin")}'
              destination: {Dir.Combine("badsum.bin")}
              checksum: '{checksum}'
              algorithm: {algorithm}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(message);
        Server.HitCount("/files/badsum.bin").Should().Be(0);
    }

    // ---- Redirects and status codes ----

    [Test]
    public async Task A_redirect_chain_is_followed()
    {
        var destination = Dir.Combine("redirected.zip");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/redirect/4")}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
    }

    [Test]
    public async Task More_than_ten_redirects_fail_without_retrying()
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl("/redirect/12")}'
              destination: {Dir.Combine("loop.zip")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("stopped after 10 redirects");
        Server.HitCount("/redirect/12").Should().Be(1);
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task A_redirect_from_https_to_http_is_refused()
    {
        var target = Server.HttpUrl("/files/downgrade.zip");

        var step = await Run($"""
            - source: '{Server.HttpsUrl("/redirect-to?url=" + Uri.EscapeDataString(target))}'
              destination: {Dir.Combine("downgrade.zip")}
              ignoreCertificateErrors: true
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("refused the redirect from https to plain http");
        Server.HitCount("/files/downgrade.zip").Should().Be(0);
    }

    [Test]
    public async Task A_redirect_to_a_non_http_scheme_is_refused()
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl("/redirect-to?url=" + Uri.EscapeDataString("file:///etc/passwd"))}'
              destination: {Dir.Combine("passwd")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("which is not an http or https URL");
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task A_404_fails_at_once_naming_source_and_status_and_creates_no_folder()
    {
        var url = Server.HttpUrl("/files/missing.zip");

        var step = await Run($"""
            - source: '{url}'
              destination: {Dir.Combine("new", "folder")}/
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be($"WebDownload: '{url}' -> '{Dir.Combine("new", "folder")}/': the server answered 404 Not Found; only 200 is a successful download");
        Server.HitCount("/files/missing.zip").Should().Be(1, "a 4xx is not retried");
        LeftInFolder().Should().BeEmpty();
    }

    [TestCase(204)]
    [TestCase(206)]
    [TestCase(403)]
    public async Task Other_statuses_than_200_are_errors_that_are_not_retried(int status)
    {
        var path = $"/status/{status}";

        var step = await Run($"""
            - source: '{Server.HttpUrl(path)}'
              destination: {Dir.Combine("status.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"the server answered {status}");
        Server.HitCount(path).Should().Be(1);
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task A_500_is_retried_five_times_then_fails_naming_the_status()
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl("/status/500")}'
              destination: {Dir.Combine("error.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("the server answered 500 Internal Server Error").And.Contain("(gave up after 5 attempts)");
        Server.HitCount("/status/500").Should().Be(5);
        _h.ReadLog("application.log").Should().Contain("download attempt 4 of 5 of").And.NotContain("download attempt 5 of 5");
        LeftInFolder().Should().BeEmpty();
    }

    [TestCase(503)]
    [TestCase(429)]
    [TestCase(408)]
    [TestCase(0)]
    public async Task A_flaky_endpoint_succeeds_within_the_five_attempts(int status)
    {
        var key = Guid.NewGuid().ToString("N");
        var path = $"/flaky/{key}/3/{status}";
        var destination = Dir.Combine("flaky.bin");

        var step = await Run($"""
            - source: '{Server.HttpUrl(path)}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
        Server.HitCount(path).Should().Be(4);
        step.MaxAttempts.Should().Be(1, "the five download attempts live inside one step attempt");
    }

    [Test]
    public async Task Retries_restart_for_each_item_and_for_each_step_attempt()
    {
        var key = Guid.NewGuid().ToString("N");
        var path = $"/flaky/{key}/6/503";

        var step = await Run($"""
            - source: '{Server.HttpUrl(path)}'
              destination: {Dir.Combine("flaky.bin")}
            """, "maxAttempts: 2");

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        Server.HitCount(path).Should().Be(7, "5 attempts in step attempt 1, then 2 in step attempt 2");
    }

    // ---- Broken transfers and bad servers ----

    [Test]
    public async Task A_truncated_body_is_retried_and_then_fails_leaving_no_partial_file()
    {
        var step = await Run($"""
            - source: '{Server.HttpUrl("/truncated")}'
              destination: {Dir.Combine("part", "truncated.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain(Server.HttpUrl("/truncated")).And.Contain("after 1000 of 10000 bytes (truncated body)").And.Contain("gave up after 5 attempts");
        Server.HitCount("/truncated").Should().Be(5);
        LeftInFolder().Should().OnlyContain(p => p == "part", "the folder is made once the server answers 200; no file is left in it");
    }

    [Test]
    public async Task A_server_that_never_answers_fails_after_the_idle_timeout_on_each_attempt()
    {
        UseModule(Fast with { IdleTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 });

        var step = await Run($"""
            - source: '{Server.HttpUrl("/hang")}'
              destination: {Dir.Combine("hang.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("the server sent nothing for 300 ms").And.Contain("gave up after 2 attempts");
        Server.HitCount("/hang").Should().Be(2);
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task A_body_that_stalls_fails_after_the_idle_timeout_leaving_no_partial_file()
    {
        UseModule(Fast with { IdleTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 });

        var step = await Run($"""
            - source: '{Server.HttpUrl("/hang-body")}'
              destination: {Dir.Combine("stall", "stall.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("the server sent nothing for 300 ms");
        Directory.EnumerateFileSystemEntries(Dir.Combine("stall")).Should().BeEmpty();
    }

    [Test]
    public async Task The_step_timeout_stops_a_hanging_download_and_removes_the_temporary_file()
    {
        UseModule(new WebDownloadOptions());

        var step = await Run($"""
            - source: '{Server.HttpUrl("/hang-body")}'
              destination: {Dir.Combine("timeout", "stall.bin")}
            """, "timeoutSeconds: 2");

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Be("timed out after 2 seconds");
        Directory.EnumerateFileSystemEntries(Dir.Combine("timeout")).Should().BeEmpty();
    }

    [Test]
    public async Task An_unknown_host_fails_naming_it()
    {
        UseModule(Fast with { MaxAttempts = 2 });

        var step = await Run($"""
            - source: 'https://no-such-host.invalid/file.zip'
              destination: {Dir.Combine("unknown.zip")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("'https://no-such-host.invalid/file.zip'").And.Contain("the host name 'no-such-host.invalid' could not be resolved");
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task A_closed_port_fails_as_a_connection_error()
    {
        UseModule(Fast with { MaxAttempts = 2 });
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var step = await Run($"""
            - source: 'http://127.0.0.1:{port}/file.zip'
              destination: {Dir.Combine("closed.zip")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"could not connect to 127.0.0.1:{port}").And.Contain("gave up after 2 attempts");
        LeftInFolder().Should().BeEmpty();
    }

    [TestCase("not a url", "is not a URL; give an http:// or https:// URL")]
    [TestCase("/etc/passwd", "is not a URL; give an http:// or https:// URL")]
    [TestCase("http://", "is not a URL")]
    [TestCase("ftp://example.com/file.zip", "is a ftp:// URL; WebDownload downloads only http:// and https:// URLs")]
    [TestCase("file:///etc/passwd", "is a file:// URL; WebDownload downloads only http:// and https:// URLs")]
    public async Task Bad_urls_and_other_schemes_fail_clearly(string source, string message)
    {
        var step = await Run($"""
            - source: '{source}'
              destination: {Dir.Combine("bad.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"input 'source' '{source}' {message}");
        LeftInFolder().Should().BeEmpty();
    }

    [Test]
    public async Task Missing_inputs_fail_naming_the_input()
    {
        var step = await Run($"""
            - destination: {Dir.Combine("x.bin")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("input 'source' is required");
    }

    [Test]
    public async Task A_failing_item_stops_the_step_and_names_which_item_failed()
    {
        var first = Dir.Combine("first.zip");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/first.zip")}'
              destination: {first}
            - source: '{Server.HttpUrl("/files/missing-second.zip")}'
              destination: {Dir.Combine("second.zip")}
            - source: '{Server.HttpUrl("/files/third.zip")}'
              destination: {Dir.Combine("third.zip")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().StartWith($"WebDownload: item 2 of 3 '{Server.HttpUrl("/files/missing-second.zip")}'");
        File.Exists(first).Should().BeTrue();
        Server.HitCount("/files/third.zip").Should().Be(0);
    }

    // ---- Secrets ----

    [Test]
    public async Task Credentials_in_the_url_are_sent_as_basic_auth_and_never_logged()
    {
        var destination = Dir.Combine("auth.zip");
        var url = $"http://{TestWebServer.User}:{Uri.EscapeDataString(TestWebServer.Password)}@127.0.0.1:{Server.Http.Port}/auth/file.zip";

        var step = await Run($"""
            - source: '{url}'
              destination: {destination}
            """, extra: null, parameters: null);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        File.ReadAllBytes(destination).Should().Equal(TestWebServer.Content);
        _h.ReadLog("application.log").Should().Contain($"http://***@127.0.0.1:{Server.Http.Port}/auth/file.zip");
        // document.yaml included: the engine masks the document copies again at the end of the run.
        LogFolderText(exceptDocument: false).Should().NotContain("p%40ss").And.NotContain(TestWebServer.Password);
    }

    [Test]
    public async Task Secrets_from_parameters_appear_nowhere_in_the_log_folder_even_when_the_download_fails()
    {
        const string signature = "f00dfacecafe0123456789abcdef0123456789abcdef0123456789abcdef0000";
        const string password = "hunter2-secret";
        var url = $"http://user:{password}@127.0.0.1:{Server.Http.Port}/status/403?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature={signature}";

        var step = await Run($"""
            - source: '{"{{ Url }}"}'
              destination: {Dir.Combine("secret.bin")}
            """, header: "parameters:\n  - Url:\n      type: string\n      default: none", parameters: new Dictionary<string, string> { ["Url"] = url });

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain($"'http://***@127.0.0.1:{Server.Http.Port}/status/403?X-Amz-Algorithm=***&X-Amz-Signature=***'")
            .And.Contain("the server answered 403");
        var everything = LogFolderText(exceptDocument: false) + string.Join("\n", _h.Observer.Finished.Select(f => f.ToString()));
        everything.Should().NotContain(signature).And.NotContain(password);
        Server.Authorizations.Should().ContainKey("/status/403");
    }

    [Test]
    public async Task The_sources_of_items_that_never_ran_are_masked_in_the_report_too()
    {
        const string token = "sig-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        var later = $"{Server.HttpUrl("/files/later.zip")}?token={token}";

        var step = await Run($"""
            - source: '{Server.HttpUrl("/files/missing-first.zip")}'
              destination: {Dir.Combine("first.zip")}
            - source: '{"{{ Later }}"}'
              destination: {Dir.Combine("later.zip")}
            """, header: "parameters:\n  - Later:\n      type: string\n      default: none", parameters: new Dictionary<string, string> { ["Later"] = later });

        step.Status.Should().Be(Statuses.Failed);
        step.Inputs.Should().Contain(Server.HttpUrl("/files/later.zip") + "?***");
        LogFolderText(exceptDocument: false).Should().NotContain(token);
    }

    [Test]
    public async Task Credentials_are_not_forwarded_to_another_origin_on_redirect()
    {
        var other = $"http://localhost:{Server.Http.Port}/auth/other.zip";
        var url = $"http://{TestWebServer.User}:{Uri.EscapeDataString(TestWebServer.Password)}@127.0.0.1:{Server.Http.Port}/redirect-to?url={Uri.EscapeDataString(other)}";

        var step = await Run($"""
            - source: '{url}'
              destination: {Dir.Combine("other.zip")}
            """);

        step.Status.Should().Be(Statuses.Failed);
        step.FailureMessage.Should().Contain("the server answered 401");
        Server.Authorizations.Should().NotContainKey("/auth/other.zip");
        Server.HitCount("/auth/other.zip").Should().Be(1);
    }

    // ---- Large files, progress, console ----

    [Test]
    public async Task A_large_file_is_streamed_with_progress_in_application_log_and_nothing_in_console_log()
    {
        UseModule(Fast with { ProgressInterval = TimeSpan.Zero });
        var destination = Dir.Combine("large.bin");

        var step = await Run($"""
            - source: '{Server.HttpUrl("/large")}'
              destination: {destination}
            """);

        step.Status.Should().Be(Statuses.Success, step.FailureMessage);
        new FileInfo(destination).Length.Should().Be(TestWebServer.LargeSize);
        using (var file = File.OpenRead(destination))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                buffer.AsSpan(0, read).ContainsAnyExcept(TestWebServer.LargeByte).Should().BeFalse();
            }
        }

        var log = _h.ReadLog("application.log");
        log.Should().Contain($"downloading '{Server.HttpUrl("/large")}': ").And.Contain("of 48.0 MiB (");
        log.Should().Contain($"downloaded '{Server.HttpUrl("/large")}' to '{destination}': {TestWebServer.LargeSize} bytes in");
        _h.ReadLog("console.log").Should().BeEmpty();
        LeftInFolder().Should().Equal("large.bin");
    }

    [Test]
    public void Url_redaction_hides_user_information_query_values_and_fragments()
    {
        UrlRedaction.Redact("https://u:p@host:8443/a/b.zip?X-Amz-Signature=abc&flag&empty=&x=1#frag")
            .Should().Be("https://***@host:8443/a/b.zip?X-Amz-Signature=***&***&empty=&x=***#***");
        UrlRedaction.Redact("https://host/a@b/c.zip").Should().Be("https://host/a@b/c.zip");
        UrlRedaction.Redact("not a url ?token=t0ps3cret").Should().Be("not a url ?token=***");
        UrlRedaction.Redact("https://host/plain.zip").Should().Be("https://host/plain.zip");
        UrlRedaction.SecretParts("https://user:pw@host/x?sig=0123456789").Should().Equal("user:pw", "sig=0123456789");
        UrlRedaction.SecretParts("https://host/x?v=1").Should().BeEmpty();
    }

    // ---- helpers ----

    private void UseModule(WebDownloadOptions options) =>
        _h.Registry = BuiltInActions.CreateRegistry().Add(new WebDownload(options));

    private async Task<StepReport> Run(string inputs, string? extra = null, string name = "Download", string? header = null, Dictionary<string, string>? parameters = null)
    {
        var document = _h.Document(Yaml(Step(name, "WebDownload", inputs, extra), header));
        await _h.RunAsync([new DocumentRequest(document)], parameters is null ? null : r => r with { Parameters = parameters });
        return _h.Step("build", name);
    }

    private static string? Output(StepReport step) =>
        JsonNode.Parse(step.Outputs) is JsonArray { Count: > 0 } list ? list[0]?["destination"]?.GetValue<string>() : null;

    private static string Hash(string algorithm)
    {
        using var hash = IncrementalHash.CreateHash(new HashAlgorithmName(algorithm));
        hash.AppendData(TestWebServer.Content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Everything in the test folder (relative paths, hidden temporary files included), sorted.</summary>
    private List<string> LeftInFolder() =>
        [.. Directory.EnumerateFileSystemEntries(Dir.Path, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Dir.Path, p)).Order(StringComparer.Ordinal)];

    private string LogFolderText(bool exceptDocument) =>
        string.Join("\n", Directory.EnumerateFiles(_h.Folder, "*", SearchOption.AllDirectories)
            .Where(f => !exceptDocument || !Path.GetFileName(f).StartsWith("document", StringComparison.Ordinal))
            .Select(File.ReadAllText));
}

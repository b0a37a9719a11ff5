using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using NUnit.Framework;
using Toe.Actions;
using Toe.Aws;
using Toe.Engine;
using Toe.Tests.Support;

namespace Toe.Tests.S3;

/// <summary>
/// A real S3-compatible server for the tests of this namespace: s3rver 3.7.1 from npm, installed once
/// into a cache folder (reused across runs) and started on a free loopback port. Tests that need it
/// call <see cref="Require"/>, which skips them with a clear message only when node or npm is missing.
/// </summary>
[SetUpFixture]
public sealed class S3Server
{
    public const string Version = "3.7.1";

    /// <summary>s3rver's built-in account: its only access key and secret.</summary>
    public const string AccessKey = "S3RVER";

    private static Process? _process;
    private static string? _dataFolder;
    private static string? _unavailable;

    public static string Endpoint { get; private set; } = string.Empty;

    /// <summary>What the AWS SDK reads for this server: endpoint override, keys, region, no IMDS.</summary>
    public static Dictionary<string, string> Environment => new(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = AccessKey,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public static S3ClientFactory Factory(IReadOnlyDictionary<string, string>? environment = null)
    {
        var values = environment ?? Environment;
        return new S3ClientFactory(name => values.TryGetValue(name, out var value) ? value : null);
    }

    /// <summary>The built-in modules, with the S3 ones talking to <paramref name="factory"/> (this server by default).</summary>
    public static ActionRegistry Registry(S3ClientFactory? factory = null)
    {
        factory ??= Factory();
        return BuiltInActions.CreateRegistry(factory);
    }

    public static void Require()
    {
        if (_unavailable is not null)
        {
            Assert.Ignore(_unavailable);
        }
    }

    /// <summary>A new empty bucket with a unique name.</summary>
    public static async Task<string> CreateBucketAsync()
    {
        Require();
        var name = "toe-" + Guid.NewGuid().ToString("N")[..16];
        using var client = Factory().Create();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public static async Task PutAsync(string bucket, string key, string content)
    {
        using var client = Factory().Create();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content, UseChunkEncoding = false });
    }

    public static async Task PutFileAsync(string bucket, string key, string file)
    {
        using var client = Factory().Create();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = file, UseChunkEncoding = false });
    }

    public static async Task<string?> GetAsync(string bucket, string key)
    {
        using var client = Factory().Create();
        try
        {
            using var response = await client.GetObjectAsync(bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<List<string>> KeysAsync(string bucket, string prefix = "")
    {
        using var client = Factory().Create();
        var objects = await new S3Transfer(client, 1, false).ListAsync(bucket, prefix, null, CancellationToken.None);
        return [.. objects.Select(o => o.Key)];
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var script = await InstallAsync();
        if (script is null)
        {
            return;
        }

        _dataFolder = Path.Combine(Path.GetTempPath(), "toe-s3rver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataFolder);
        var port = FreePort();
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // s3rver ciphers ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3) offers only
        // with the legacy provider: without it every second page of a listing is a 500 InternalError.
        foreach (var arg in new[] { "--openssl-legacy-provider", script, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", _dataFolder, "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(Endpoint + "/");
                return; // any HTTP answer means it listens
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Installs s3rver into $HOME/.cache/toe-tests/s3rver-&lt;version&gt; unless it is there; installs into a
    /// temporary folder and renames it, so concurrent runs never see half an install. Null (and the reason
    /// in <see cref="_unavailable"/>) when node or npm is missing.
    /// </summary>
    private static async Task<string?> InstallAsync()
    {
        if (!OnPath("node") || !OnPath("npm"))
        {
            _unavailable = "S3 tests need node and npm (to run s3rver); they are not on PATH";
            return null;
        }

        var home = System.Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Path.GetTempPath();
        var cache = Path.Combine(home, ".cache", "toe-tests", "s3rver-" + Version);
        var script = Path.Combine(cache, "node_modules", "s3rver", "bin", "s3rver.js");
        if (File.Exists(script))
        {
            return script;
        }

        var staging = cache + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "package.json"), "{\"name\":\"toe-tests-s3rver\",\"private\":true}");
        var info = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = staging };
        foreach (var arg in new[] { "install", "--no-save", "--no-audit", "--no-fund", "s3rver@" + Version })
        {
            info.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(info)!;
        var stderr = npm.StandardError.ReadToEndAsync();
        _ = await npm.StandardOutput.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install s3rver@{Version} failed ({npm.ExitCode}): {await stderr}");
        }

        try
        {
            Directory.Move(staging, cache);
        }
        catch (IOException) when (File.Exists(script))
        {
            Directory.Delete(staging, recursive: true); // another run installed it first
        }

        return script;
    }

    private static bool OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the real binary with the given environment added (the SDK reads it there).</summary>
    public static ToeProcess.Result RunToe(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = ToeProcess.StartInfo(args, workingDirectory);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"toe {string.Join(' ', args)} did not finish within 90 s");
        }

        process.WaitForExit();
        return new ToeProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Toe.Tests.Support;

/// <summary>
/// A real Kestrel server on loopback (HTTP and HTTPS with a self-signed certificate made here), on free ports,
/// for the WebDownload tests. Endpoints:
/// <list type="bullet">
/// <item><c>/files/{name}</c>: <see cref="Content"/> for any name (also percent-encoded ones), or 404 for names starting with "missing".</item>
/// <item><c>/large</c>: <see cref="LargeSize"/> bytes of <see cref="LargeByte"/>, streamed in blocks.</item>
/// <item><c>/redirect/{n}</c>: n redirects (302, relative Location) ending at <c>/files/java14.zip</c>; <c>/redirect-to?url=</c>: one 302 to that URL.</item>
/// <item><c>/status/{code}</c>: that status with a small body.</item>
/// <item><c>/flaky/{key}/{failures}/{status}</c>: answers <c>status</c> (or drops the connection for status 0) the first <c>failures</c> times per key, then the content.</item>
/// <item><c>/hang</c>: never answers; <c>/hang-body</c>: headers and 1,000 of 2,000 bytes, then silence.</item>
/// <item><c>/truncated</c>: announces 10,000 bytes, sends 1,000, aborts.</item>
/// <item><c>/auth/{name}</c>: the content only with Basic user:p@ss; otherwise 401.</item>
/// <item><c>/gzip</c>: the content gzip-compressed, with Content-Encoding: gzip.</item>
/// <item><c>/download?id=7</c>: the content with Content-Disposition: attachment; filename="evil.sh".</item>
/// </list>
/// <see cref="Hits"/> counts requests per path and query.
/// </summary>
public sealed class TestWebServer : IAsyncDisposable
{
    public const long LargeSize = 48L << 20;
    public const byte LargeByte = (byte)'L';
    public const string User = "user";
    public const string Password = "p@ss";

    private readonly WebApplication _app;

    private TestWebServer(WebApplication app, Uri http, Uri https)
    {
        _app = app;
        Http = http;
        Https = https;
    }

    /// <summary>What <c>/files/...</c> serves: 100,000 deterministic pseudo-random bytes.</summary>
    public static byte[] Content { get; } = MakeContent();

    /// <summary><see cref="Content"/> gzip-compressed, served by <c>/gzip</c> with Content-Encoding: gzip.</summary>
    public static byte[] Gzipped { get; } = Compress(Content);

    public Uri Http { get; }

    public Uri Https { get; }

    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    /// <summary>Authorization headers received, per path.</summary>
    public ConcurrentDictionary<string, string> Authorizations { get; } = new(StringComparer.Ordinal);

    /// <summary>The URL text as written in a document (no Uri round trip, which would unescape or shorten it).</summary>
    public string HttpUrl(string pathAndQuery) => $"http://127.0.0.1:{Http.Port}{pathAndQuery}";

    public string HttpsUrl(string pathAndQuery) => $"https://127.0.0.1:{Https.Port}{pathAndQuery}";

    public int HitCount(string pathAndQuery) => Hits.TryGetValue(pathAndQuery, out var n) ? n : 0;

    public static async Task<TestWebServer> StartAsync()
    {
        var certificate = SelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        var addresses = new List<string>();
        TestWebServer? server = null;
        app.Use(async (context, next) =>
        {
            var key = context.Request.Path + context.Request.QueryString;
            server!.Hits.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth)
            {
                server.Authorizations[context.Request.Path.ToString()] = auth;
            }

            await next(context);
        });
        Map(app);
        await app.StartAsync();
        addresses.AddRange(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        var http = new Uri(addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)));
        var https = new Uri(addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));
        server = new TestWebServer(app, http, https);
        return server;
    }

    private static void Map(WebApplication app)
    {
        var flaky = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        app.MapGet("/files/{**name}", async context =>
        {
            var name = (string)context.Request.RouteValues["name"]!;
            if (name.StartsWith("missing", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                return;
            }

            await SendContent(context);
        });

        app.MapGet("/large", async context =>
        {
            context.Response.ContentLength = LargeSize;
            var block = new byte[1 << 16];
            Array.Fill(block, LargeByte);
            for (long sent = 0; sent < LargeSize; sent += block.Length)
            {
                await context.Response.Body.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, LargeSize - sent)), context.RequestAborted);
            }
        });

        app.MapGet("/redirect/{n:int}", context =>
        {
            var n = int.Parse((string)context.Request.RouteValues["n"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = n <= 1 ? "/files/java14.zip" : $"/redirect/{n - 1}";
            return Task.CompletedTask;
        });

        app.MapGet("/redirect-to", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = context.Request.Query["url"].ToString();
            return Task.CompletedTask;
        });

        app.MapGet("/status/{code:int}", async context =>
        {
            var code = int.Parse((string)context.Request.RouteValues["code"]!, System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = code;
            if (code is not (204 or 304))
            {
                await context.Response.WriteAsync("status body");
            }
        });

        app.MapGet("/flaky/{key}/{failures:int}/{status:int}", async context =>
        {
            var values = context.Request.RouteValues;
            var failures = int.Parse((string)values["failures"]!, System.Globalization.CultureInfo.InvariantCulture);
            var status = int.Parse((string)values["status"]!, System.Globalization.CultureInfo.InvariantCulture);
            var seen = flaky.AddOrUpdate((string)values["key"]!, 1, (_, n) => n + 1);
            if (seen <= failures)
            {
                if (status == 0)
                {
                    context.Abort();
                    return;
                }

                context.Response.StatusCode = status;
                await context.Response.WriteAsync("try again");
                return;
            }

            await SendContent(context);
        });

        app.MapGet("/hang", async context => await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));

        app.MapGet("/hang-body", async context =>
        {
            context.Response.ContentLength = 2000;
            await context.Response.Body.WriteAsync(new byte[1000], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        app.MapGet("/truncated", async context =>
        {
            context.Response.ContentLength = 10_000;
            await context.Response.Body.WriteAsync(Content.AsMemory(0, 1000));
            await context.Response.Body.FlushAsync();
            // Abort resets the connection; a reset can discard bytes the client has not read yet, so give it time to read them.
            await Task.Delay(200);
            context.Abort();
        });

        app.MapGet("/auth/{name}", async context =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
                return;
            }

            await SendContent(context);
        });

        app.MapGet("/gzip", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = Gzipped.Length;
            await context.Response.Body.WriteAsync(Gzipped);
        });

        app.MapGet("/download", async context =>
        {
            context.Response.Headers.ContentDisposition = "attachment; filename=\"evil.sh\"";
            await SendContent(context);
        });
    }

    private static async Task SendContent(HttpContext context)
    {
        context.Response.ContentLength = Content.Length;
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(Content);
    }

    private static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] MakeContent()
    {
        var bytes = new byte[100_000];
        new Random(20231115).NextBytes(bytes);
        return bytes;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=toe-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

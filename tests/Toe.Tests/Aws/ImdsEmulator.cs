using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Toe.Tests.Aws;

/// <summary>
/// An IMDSv2 emulator on Kestrel (loopback, free port). PUT /latest/api/token needs
/// X-aws-ec2-metadata-token-ttl-seconds (1..21600) and hands out a fresh token; every GET needs a valid
/// token in X-aws-ec2-metadata-token (otherwise 401). Serves <see cref="MetaData"/> under
/// /latest/meta-data/ (404 for anything else) and the identity document.
/// </summary>
public sealed class ImdsEmulator : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "eu-west-3";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private int _tokenRequests;

    private ImdsEmulator(WebApplication app) => _app = app;

    public Dictionary<string, string> MetaData { get; } = new(StringComparer.Ordinal)
    {
        ["instance-id"] = "i-0123456789abcdef0",
        ["placement/region"] = Region,
        ["tags/instance/Build Name"] = "nightly",
    };

    public string Endpoint { get; private set; } = string.Empty;

    public int TokenRequests => _tokenRequests;

    public IReadOnlyCollection<string> IssuedTokens => [.. _tokens.Keys];

    /// <summary>Paths of the GETs received (path only), in order.</summary>
    public ConcurrentQueue<string> Gets { get; } = new();

    public int Unauthorized { get; private set; }

    /// <summary>Makes every token given so far invalid (as when it expires).</summary>
    public void RevokeTokens() => _tokens.Clear();

    public static async Task<ImdsEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new ImdsEmulator(app);
        emulator.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        emulator.Endpoint = address.TrimEnd('/') + "/";
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapPut("/latest/api/token", async context =>
        {
            Interlocked.Increment(ref _tokenRequests);
            if (!int.TryParse(context.Request.Headers["X-aws-ec2-metadata-token-ttl-seconds"].ToString(), out var ttl) || ttl is < 1 or > 21600)
            {
                context.Response.StatusCode = 400;
                return;
            }

            var token = "TOKEN-" + Guid.NewGuid().ToString("N");
            _tokens[token] = true;
            await context.Response.WriteAsync(token);
        });

        _app.MapGet("/latest/meta-data/{**path}", async context =>
        {
            var path = (string)context.Request.RouteValues["path"]!;
            Gets.Enqueue("meta-data/" + path);
            if (!Authorized(context))
            {
                context.Response.StatusCode = 401;
                return;
            }

            if (!MetaData.TryGetValue(path, out var value))
            {
                context.Response.StatusCode = 404;
                return;
            }

            await context.Response.WriteAsync(value);
        });

        _app.MapGet("/latest/dynamic/instance-identity/document", async context =>
        {
            Gets.Enqueue("identity");
            if (!Authorized(context))
            {
                context.Response.StatusCode = 401;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"accountId":"{{AccountId}}","architecture":"x86_64","instanceId":"i-0123456789abcdef0","region":"{{Region}}"}""");
        });
    }

    private bool Authorized(HttpContext context)
    {
        var ok = _tokens.ContainsKey(context.Request.Headers["X-aws-ec2-metadata-token"].ToString());
        if (!ok)
        {
            Unauthorized++;
        }

        return ok;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// An emulator of AWS control planes (Image Builder, SSM, CloudWatch Logs, ...) on Kestrel (loopback, free
/// port), for the APIs that cannot run here. Every request must carry a valid SigV4 signature made with
/// <see cref="AccessKey"/>/<see cref="SecretKey"/> for <see cref="Region"/>, checked by
/// <see cref="SigV4Verifier"/> (an independent implementation, so a signing bug in Toe fails the tests);
/// a bad one gets the answer AWS gives (403 with the service's error code). Operations are routed by the
/// signing scope's service and the operation name: the X-Amz-Target suffix of JSON protocols
/// ("AmazonSSM.GetParameter" → "ssm:GetParameter"), the first path segment of REST APIs
/// ("/GetComponent" → "imagebuilder:GetComponent"), or the Action of query APIs. Tests register answers
/// with <see cref="Handle"/>; an operation nobody registered answers 400 UnknownOperationException.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    public const string AccessKey = "AKIDTOEEMULATOR00001";
    public const string SecretKey = "emulator/Secret+Key/0123456789abcdefghij";
    public const string SessionToken = "emulator-session-token/ABC+def==";
    public const string Region = "us-west-2";
    public const string AccountId = "111122223333";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<EmulatorCall, EmulatorReply>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<EmulatorReply>> _injected = new(StringComparer.Ordinal);

    private AwsEmulator(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>
    /// The key pair requests must be signed with: <see cref="AccessKey"/>/<see cref="SecretKey"/> unless a test sets
    /// another (the s3rver tests use s3rver's own pair, so that one toe process can reach both servers).
    /// </summary>
    public (string AccessKey, string SecretKey) Keys { get; set; } = (AccessKey, SecretKey);

    /// <summary>When true (the default) requests must carry X-Amz-Security-Token = <see cref="SessionToken"/>, signed.</summary>
    public bool RequireSessionToken { get; set; } = true;

    /// <summary>Every call that passed the signature check, in arrival order.</summary>
    public ConcurrentQueue<EmulatorCall> Calls { get; } = new();

    /// <summary>Why requests were refused at the signature check ("" when none were).</summary>
    public ConcurrentQueue<string> SignatureFailures { get; } = new();

    /// <summary>
    /// The environment a client process (or a test's Func environment) needs: the emulator's keys,
    /// Region and endpoint (AWS_ENDPOINT_URL, which every service honours), and no profile or IMDS lookups.
    /// </summary>
    public Dictionary<string, string?> ClientEnvironment() => new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = Keys.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Keys.SecretKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL"] = Endpoint,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONFIG_FILE"] = "/nonexistent/toe-tests/config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/toe-tests/credentials",
    };

    /// <summary>Answers <paramref name="operation"/> ("ssm:GetParameter") with <paramref name="handler"/> from now on.</summary>
    public void Handle(string operation, Func<EmulatorCall, EmulatorReply> handler) => _handlers[operation] = handler;

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> get <paramref name="reply"/> instead of the handler's answer.</summary>
    public void Inject(string operation, EmulatorReply reply, int times = 1)
    {
        var queue = _injected.GetOrAdd(operation, _ => new ConcurrentQueue<EmulatorReply>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(reply);
        }
    }

    /// <summary>The next <paramref name="times"/> calls are throttled (400 ThrottlingException), as the service does under load.</summary>
    public void Throttle(string operation, int times) =>
        Inject(operation, EmulatorReply.Error(400, "ThrottlingException", "Rate exceeded"), times);

    /// <summary>Calls of <paramref name="operation"/> are refused as the IAM policy lacked the permission.</summary>
    public void Deny(string operation) => Handle(operation, call => EmulatorReply.Error(400, "AccessDeniedException",
        $"User: arn:aws:iam::{AccountId}:user/toe-tests is not authorized to perform: {operation} on resource: *"));

    /// <summary>The calls of one operation ("ssm:SendCommand").</summary>
    public IReadOnlyList<EmulatorCall> CallsOf(string operation) => Calls.Where(call => call.Operation == operation).ToList();

    public static async Task<AwsEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new AwsEmulator(app);
        app.Run(emulator.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        emulator.Endpoint = address.TrimEnd('/');
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);

        var check = SigV4Verifier.Verify(context.Request.Method, rawTarget, headers, body, Keys.AccessKey, Keys.SecretKey, Region,
            RequireSessionToken ? SessionToken : null, DateTimeOffset.UtcNow);
        if (check.Failure is not null)
        {
            SignatureFailures.Enqueue(check.Failure);
            await WriteAsync(context, EmulatorReply.Error(403, check.FailureCode!, check.Failure));
            return;
        }

        var call = EmulatorCall.From(check.Service!, context.Request.Method, rawTarget, headers, body);
        Calls.Enqueue(call);

        EmulatorReply reply;
        if (_injected.TryGetValue(call.Operation, out var queue) && queue.TryDequeue(out var injected))
        {
            reply = injected;
        }
        else if (_handlers.TryGetValue(call.Operation, out var handler))
        {
            try
            {
                reply = handler(call);
            }
            catch (Exception ex)
            {
                reply = EmulatorReply.Error(500, "InternalFailure", "emulator handler failed: " + ex.Message);
            }
        }
        else
        {
            reply = EmulatorReply.Error(400, "UnknownOperationException", $"the emulator has no answer for {call.Operation}");
        }

        await WriteAsync(context, reply);
    }

    private static async Task WriteAsync(HttpContext context, EmulatorReply reply)
    {
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        if (reply.ErrorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = reply.ErrorType;
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(reply.Body);
    }
}

/// <summary>One signed call the emulator accepted.</summary>
public sealed record EmulatorCall(string Service, string Operation, string Method, string Path, IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as JSON (an empty object for an empty body).</summary>
    public JsonObject Json => Body.Length == 0 ? new JsonObject() : JsonNode.Parse(Body)!.AsObject();

    public static EmulatorCall From(string service, string method, string rawTarget, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        var question = rawTarget.IndexOf('?');
        var path = Uri.UnescapeDataString(question < 0 ? rawTarget : rawTarget[..question]);
        var query = SigV4Verifier.ParseQuery(question < 0 ? string.Empty : rawTarget[(question + 1)..])
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value, StringComparer.Ordinal);
        var text = Encoding.UTF8.GetString(body);

        string operation;
        if (headers.TryGetValue("x-amz-target", out var target))
        {
            operation = target[(target.LastIndexOf('.') + 1)..];
        }
        else if (headers.TryGetValue("content-type", out var type) && type.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            operation = SigV4Verifier.ParseQuery(text).FirstOrDefault(pair => pair.Key == "Action").Value ?? string.Empty;
        }
        else
        {
            operation = path.Trim('/').Split('/')[0];
        }

        return new EmulatorCall(service, service + ":" + operation, method, path, query, headers, text);
    }
}

/// <summary>What the emulator answers.</summary>
public sealed record EmulatorReply(int Status, string Body, string ContentType = "application/x-amz-json-1.1", string? ErrorType = null)
{
    public static EmulatorReply Json(JsonNode body, int status = 200) => new(status, body.ToJsonString());

    public static EmulatorReply Json(string body, int status = 200) => new(status, body);

    /// <summary>An AWS error answer, readable by JSON-protocol SDK clients ("__type") and REST clients (x-amzn-ErrorType).</summary>
    public static EmulatorReply Error(int status, string code, string message) =>
        new(status, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), ErrorType: code);
}

using System.Net;
using System.Text;

namespace Toe.Tests.S3;

/// <summary>
/// A tiny HTTP server playing a misbehaving S3 endpoint, for what s3rver cannot show: the headers the
/// SDK really sends (x-amz-expected-bucket-owner), S3's answer to a wrong owner (403 AccessDenied), a
/// server that never answers, and a body cut short. It records every request's method, path and headers.
/// </summary>
public sealed class FakeS3Server : IDisposable
{
    public enum Behaviour
    {
        /// <summary>403 AccessDenied when x-amz-expected-bucket-owner differs from <see cref="Owner"/>, else a small object.</summary>
        CheckOwner,

        /// <summary>Accepts the request and never answers.</summary>
        Hang,

        /// <summary>Announces 100,000 bytes, sends 10 and closes the connection.</summary>
        Truncate,

        /// <summary>
        /// Lists 8 keys under any prefix; each GET is held until 4 GETs are in flight at once (or 10 s
        /// pass), so <see cref="MaxInFlight"/> shows how many requests the client keeps open.
        /// </summary>
        Gate,
    }

    public const string Owner = "111122223333";

    private readonly HttpListener _listener = new();
    private readonly Behaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeS3Server(Behaviour behaviour)
    {
        _behaviour = behaviour;
        var port = S3Server.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    public List<(string Method, string Path, Dictionary<string, string> Headers)> Requests { get; } = [];

    /// <summary>The most GETs of objects that were in flight at the same time (Gate).</summary>
    public int MaxInFlight => _maxInFlight;

    private int _inFlight;
    private int _maxInFlight;
    private readonly TaskCompletionSource _gateOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The SDK environment pointing at this server, with keys and no IMDS.</summary>
    public Dictionary<string, string> Environment
    {
        get
        {
            var values = S3Server.Environment;
            values["AWS_ENDPOINT_URL_S3"] = Endpoint;
            return values;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k] ?? string.Empty);
        lock (Requests)
        {
            Requests.Add((request.HttpMethod, request.Url?.AbsolutePath ?? string.Empty, headers));
        }

        if (request.HasEntityBody)
        {
            await request.InputStream.CopyToAsync(Stream.Null);
        }

        var response = context.Response;
        try
        {
            switch (_behaviour)
            {
                case Behaviour.Gate when request.QueryString["list-type"] == "2":
                    {
                        var keys = string.Concat(Enumerable.Range(0, 8).Select(i => $"<Contents><Key>p/k{i}.txt</Key><Size>2</Size></Contents>"));
                        var body = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>bucket</Name><Prefix>p/</Prefix><KeyCount>8</KeyCount><IsTruncated>false</IsTruncated>{keys}</ListBucketResult>");
                        response.ContentType = "application/xml";
                        response.ContentLength64 = body.Length;
                        await response.OutputStream.WriteAsync(body);
                        response.Close();
                        break;
                    }

                case Behaviour.Gate:
                    {
                        var now = Interlocked.Increment(ref _inFlight);
                        int seen;
                        while ((seen = _maxInFlight) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
                        {
                        }

                        if (now >= 4)
                        {
                            _gateOpen.TrySetResult();
                        }

                        await Task.WhenAny(_gateOpen.Task, Task.Delay(TimeSpan.FromSeconds(10), _stop.Token));
                        Interlocked.Decrement(ref _inFlight);
                        var body = Encoding.UTF8.GetBytes("ok");
#pragma warning disable CA5351 // S3 ETags are MD5 hashes; the SDK compares them with the body
                        response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body))}\"";
#pragma warning restore CA5351
                        response.ContentLength64 = body.Length;
                        await response.OutputStream.WriteAsync(body);
                        response.Close();
                        break;
                    }

                case Behaviour.Hang:
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case Behaviour.Truncate:
                    response.StatusCode = 200;
                    response.ContentLength64 = 100_000;
                    response.Headers["ETag"] = "\"0123456789abcdef0123456789abcdef\"";
                    await response.OutputStream.WriteAsync(Encoding.ASCII.GetBytes("0123456789"));
                    await response.OutputStream.FlushAsync();
                    response.Abort();
                    break;
                default:
                    if (headers.GetValueOrDefault("x-amz-expected-bucket-owner") != Owner)
                    {
                        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>");
                        response.StatusCode = 403;
                        response.ContentType = "application/xml";
                        response.ContentLength64 = body.Length;
                        await response.OutputStream.WriteAsync(body);
                    }
                    else
                    {
                        var body = Encoding.UTF8.GetBytes(request.HttpMethod == "GET" ? "owned" : string.Empty);
                        response.StatusCode = request.Headers["Range"] is null || request.HttpMethod != "GET" ? 200 : 206;
                        if (response.StatusCode == 206)
                        {
                            response.Headers["Content-Range"] = $"bytes 0-{body.Length - 1}/{body.Length}";
                        }

                        #pragma warning disable CA5351 // S3 ETags are MD5 hashes; the SDK compares them with the body
                        response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body))}\"";
#pragma warning restore CA5351
                        response.ContentLength64 = body.Length;
                        await response.OutputStream.WriteAsync(body);
                    }

                    response.Close();
                    break;
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}

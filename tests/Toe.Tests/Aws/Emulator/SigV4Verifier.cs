using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// Checks an AWS Signature Version 4 the way the services do (canonical request, string to sign, derived
/// key; docs: "Create a signed AWS API request"). Written here independently of the SDK's signer on
/// purpose: the emulator must refuse what AWS would refuse, not what our own code happens to produce.
/// </summary>
public static class SigV4Verifier
{
    public sealed record Result(string? Service, string? Failure, string? FailureCode);

    public static Result Verify(string method, string rawTarget, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKey, string secretKey, string region, string? sessionToken, DateTimeOffset now)
    {
        if (!headers.TryGetValue("authorization", out var authorization) || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return Fail("MissingAuthenticationTokenException", "Missing Authentication Token (no AWS4-HMAC-SHA256 Authorization header)");
        }

        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaderList) || !fields.TryGetValue("Signature", out var signature))
        {
            return Fail("IncompleteSignatureException", "Authorization header lacks Credential, SignedHeaders or Signature");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return Fail("IncompleteSignatureException", $"malformed credential scope '{credential}'");
        }

        var (keyId, date, scopeRegion, service) = (scope[0], scope[1], scope[2], scope[3]);
        if (keyId != accessKey)
        {
            return Fail("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (scopeRegion != region)
        {
            return Fail("InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scopeRegion}' (expected {region})");
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate)
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return Fail("IncompleteSignatureException", "missing or malformed X-Amz-Date");
        }

        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return Fail("InvalidSignatureException", "Date in Credential scope does not match X-Amz-Date");
        }

        if ((now - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return Fail("InvalidSignatureException", "Signature expired: the request was signed more than 15 minutes from now");
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return Fail("InvalidSignatureException", "host and x-amz-date must be signed");
        }

        if (sessionToken is not null)
        {
            if (!headers.TryGetValue("x-amz-security-token", out var token) || token != sessionToken)
            {
                return Fail("UnrecognizedClientException", "The security token included in the request is invalid (X-Amz-Security-Token missing or wrong).");
            }

            if (!signedHeaders.Contains("x-amz-security-token"))
            {
                return Fail("InvalidSignatureException", "X-Amz-Security-Token must be signed");
            }
        }

        var payloadHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != "UNSIGNED-PAYLOAD" && declared != payloadHash)
        {
            return Fail("InvalidSignatureException", "X-Amz-Content-SHA256 does not match the body");
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (!headers.TryGetValue(name, out var value))
            {
                return Fail("InvalidSignatureException", $"signed header '{name}' is not in the request");
            }

            canonicalHeaders.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? string.Empty : rawTarget[(question + 1)..];
        var canonicalRequest = string.Join('\n',
            method,
            CanonicalUri(rawPath),
            CanonicalQuery(rawQuery),
            canonicalHeaders.ToString(),
            signedHeaderList,
            payloadHash);

        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, $"{date}/{scopeRegion}/{service}/aws4_request",
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, scopeRegion);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return Fail("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Canonical request:\n" + canonicalRequest);
        }

        return new Result(service, null, null);
    }

    /// <summary>Query pairs of a raw (encoded) query string, decoded.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseQuery(string rawQuery) =>
        rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var parts = pair.Split('=', 2);
            return new KeyValuePair<string, string>(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : string.Empty);
        });

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace("+", "%20", StringComparison.Ordinal));

    /// <summary>Every path segment encoded again (all services but S3 sign the doubly encoded path).</summary>
    private static string CanonicalUri(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(Encode));

    private static string CanonicalQuery(string rawQuery) =>
        string.Join('&', ParseQuery(rawQuery)
            .Select(pair => (Key: Encode(pair.Key), Value: Encode(pair.Value)))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Key + "=" + pair.Value));

    /// <summary>RFC 3986 encoding: everything but unreserved characters, upper-case hex.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static Result Fail(string code, string message) => new(null, message, code);
}

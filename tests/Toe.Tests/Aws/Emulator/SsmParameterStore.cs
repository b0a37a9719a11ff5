using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// A small Parameter Store on <see cref="AwsEmulator"/>: GetParameter and GetParameters with the request and
/// response shapes of the SSM API reference (Parameter{ARN, DataType, LastModifiedDate, Name, Selector, Type,
/// Value, Version}), version selectors (<c>name:2</c>), parameter ARNs as names, ParameterNotFound and
/// ParameterVersionNotFound, and SecureString values that come back decrypted only WithDecryption=true
/// (otherwise as ciphertext). Secrets Manager references (/aws/reference/secretsmanager/...) need WithDecryption,
/// as the service says. Counts the reads of each name.
/// </summary>
public sealed class SsmParameterStore
{
    private readonly ConcurrentDictionary<string, List<(string Type, string Value)>> _parameters = new(StringComparer.Ordinal);

    public SsmParameterStore(AwsEmulator emulator)
    {
        emulator.Handle("ssm:GetParameter", GetParameter);
        emulator.Handle("ssm:GetParameters", GetParameters);
    }

    /// <summary>Reads per parameter name as requested (GetParameter and each name of GetParameters).</summary>
    public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a parameter (or a new version of it). Type is String, StringList or SecureString.</summary>
    public SsmParameterStore Put(string name, string value, string type = "String")
    {
        _parameters.GetOrAdd(name, _ => []).Add((type, value));
        return this;
    }

    /// <summary>The ciphertext a SecureString reads as without decryption (never the value).</summary>
    public static string Ciphertext(string value) => "AQICAHh" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', value.Length) + "-encrypted"));

    private EmulatorReply GetParameter(EmulatorCall call)
    {
        var name = call.Json["Name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            return EmulatorReply.Error(400, "ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }

        var decrypt = call.Json["WithDecryption"]?.GetValue<bool>() ?? false;
        Reads.AddOrUpdate(name, 1, (_, n) => n + 1);
        var (parameter, error) = Find(name, decrypt);
        return error ?? EmulatorReply.Json(new JsonObject { ["Parameter"] = parameter });
    }

    private EmulatorReply GetParameters(EmulatorCall call)
    {
        var decrypt = call.Json["WithDecryption"]?.GetValue<bool>() ?? false;
        var found = new JsonArray();
        var invalid = new JsonArray();
        foreach (var name in call.Json["Names"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [])
        {
            Reads.AddOrUpdate(name, 1, (_, n) => n + 1);
            var (parameter, error) = Find(name, decrypt);
            if (error is not null && parameter is null)
            {
                invalid.Add((JsonNode)JsonValue.Create(name));
            }
            else
            {
                found.Add((JsonNode?)parameter);
            }
        }

        return EmulatorReply.Json(new JsonObject { ["Parameters"] = found, ["InvalidParameters"] = invalid });
    }

    private (JsonObject? Parameter, EmulatorReply? Error) Find(string requested, bool decrypt)
    {
        var name = requested;
        if (name.StartsWith("arn:", StringComparison.Ordinal) && name.IndexOf(":parameter", StringComparison.Ordinal) is var at and > 0)
        {
            name = name[(at + ":parameter".Length)..];
            name = name.StartsWith('/') && name.IndexOf('/', 1) > 0 ? name : name.TrimStart('/'); // arn:...:parameter/a/b names /a/b; parameter/x names x
        }

        string? selector = null;
        var colon = name.LastIndexOf(':');
        if (colon > 0)
        {
            selector = name[(colon + 1)..];
            name = name[..colon];
        }

        if (name.StartsWith("/aws/reference/secretsmanager/", StringComparison.Ordinal) && !decrypt)
        {
            return (null, EmulatorReply.Error(400, "ValidationException", "WithDecryption flag must be True for retrieving a Secret Value from Secret Manager"));
        }

        if (!_parameters.TryGetValue(name, out var versions) || versions.Count == 0)
        {
            return (null, EmulatorReply.Error(400, "ParameterNotFound", string.Empty));
        }

        var version = versions.Count;
        if (selector is not null)
        {
            if (!int.TryParse(selector, out version) || version < 1 || version > versions.Count)
            {
                return (null, EmulatorReply.Error(400, "ParameterVersionNotFound", $"Systems Manager could not find version {selector} of {name}. Verify the version and try again."));
            }
        }

        var (type, value) = versions[version - 1];
        var parameter = new JsonObject
        {
            ["ARN"] = $"arn:aws:ssm:{AwsEmulator.Region}:{AwsEmulator.AccountId}:parameter{(name.StartsWith('/') ? name : "/" + name)}",
            ["DataType"] = "text",
            ["LastModifiedDate"] = 1.7e9,
            ["Name"] = name,
            ["Type"] = type,
            ["Value"] = type == "SecureString" && !decrypt ? Ciphertext(value) : value,
            ["Version"] = version,
        };
        if (selector is not null)
        {
            parameter["Selector"] = ":" + selector;
        }

        return (parameter, null);
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Toe.Tests.Aws.Emulator;

/// <summary>
/// A small stateful Image Builder on an <see cref="AwsEmulator"/>: components by build-version ARN, with the request
/// and response shapes and error codes of the Image Builder API reference for the two operations Toe calls.
/// CreateComponent (PUT /CreateComponent) checks the required fields, the semantic version, data XOR uri, the
/// 16,000-character limit of data, the platform enum and the client token; a second create of the same name and
/// version is ResourceAlreadyExistsException (409). GetComponent (GET /GetComponent) answers the component with its
/// document in <c>data</c>, resolves version ARNs (1.0.0, 1.0.x, x.x.x) to the newest build, and answers unknown ARNs
/// with ResourceNotFoundException (404). A component created from a <c>uri</c> is answered with that uri instead of
/// data (the real service copies the document; answering the uri lets Toe's S3 path be tested).
/// </summary>
public sealed partial class ImageBuilderService
{
    public const string GetComponent = "imagebuilder:GetComponent";
    public const string CreateComponent = "imagebuilder:CreateComponent";
    public const int InlineLimit = 16_000;

    private static readonly string[] Platforms = ["Windows", "Linux", "macOS"];

    private readonly ConcurrentDictionary<string, JsonObject> _components = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Body, string Arn)> _tokens = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ImageBuilderService(AwsEmulator emulator)
    {
        emulator.Handle(GetComponent, Get);
        emulator.Handle(CreateComponent, Create);
    }

    /// <summary>Adds a component as if it had been created; its build-version ARN (build 1).</summary>
    public string Seed(string name, string version, string? data = null, string? uri = null, string owner = AwsEmulator.AccountId,
        string region = AwsEmulator.Region, string platform = "Linux", bool obfuscate = false)
    {
        var arn = $"arn:aws:imagebuilder:{region}:{owner}:component/{ArnName(name)}/{version}/1";
        var component = new JsonObject
        {
            ["arn"] = arn,
            ["name"] = name,
            ["version"] = version,
            ["type"] = "BUILD",
            ["platform"] = platform,
            ["owner"] = owner,
            ["encrypted"] = true,
            ["dateCreated"] = "2026-11-27T10:00:00.000Z",
        };
        if (data is not null)
        {
            component["data"] = data;
        }

        if (uri is not null)
        {
            component["uri"] = uri;
        }

        if (obfuscate)
        {
            component["obfuscate"] = true;
        }

        _components[arn] = component;
        return arn;
    }

    /// <summary>The component stored under a build-version ARN, or null.</summary>
    public JsonObject? Component(string arn) => _components.TryGetValue(arn, out var component) ? component : null;

    /// <summary>The next <paramref name="times"/> calls are throttled as Image Builder does (429 CallRateLimitExceededException).</summary>
    public static void Throttle(AwsEmulator emulator, string operation, int times) =>
        emulator.Inject(operation, EmulatorReply.Error(429, "CallRateLimitExceededException", "You have exceeded the permitted request rate for the specific operation."), times);

    private EmulatorReply Get(EmulatorCall call)
    {
        if (call.Method != "GET")
        {
            return EmulatorReply.Error(405, "MethodNotAllowed", "GetComponent is a GET");
        }

        if (!call.Query.TryGetValue("componentBuildVersionArn", out var arn) || arn.Length == 0)
        {
            return EmulatorReply.Error(400, "InvalidRequestException", "componentBuildVersionArn is required");
        }

        if (!ArnPattern().IsMatch(arn))
        {
            return EmulatorReply.Error(400, "InvalidParameterValueException", $"The value supplied for parameter 'componentBuildVersionArn' is not valid. 'componentBuildVersionArn' must match pattern {ArnPattern()}");
        }

        var component = Resolve(arn);
        return component is null
            ? EmulatorReply.Error(404, "ResourceNotFoundException", $"The resource '{arn}' does not exist.")
            : EmulatorReply.Json(new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["component"] = component.DeepClone() });
    }

    /// <summary>A build-version ARN as stored; a version ARN (x wildcards allowed) as the newest matching build.</summary>
    private JsonObject? Resolve(string arn)
    {
        if (_components.TryGetValue(arn, out var exact))
        {
            return exact;
        }

        var slash = arn.LastIndexOf('/');
        var (prefix, filter) = (arn[..slash], arn[(slash + 1)..].Split('.'));
        if (filter.Length != 3)
        {
            return null;
        }

        return _components
            .Where(pair => pair.Key.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Select(pair => (pair.Value, Version: pair.Key[(prefix.Length + 1)..].Split('/')[0].Split('.')))
            .Where(entry => entry.Version.Zip(filter).All(p => p.Second == "x" || p.First == p.Second))
            .OrderByDescending(entry => string.Join('.', entry.Version.Select(v => v.PadLeft(10, '0'))))
            .Select(entry => entry.Value)
            .FirstOrDefault();
    }

    private EmulatorReply Create(EmulatorCall call)
    {
        if (call.Method != "PUT")
        {
            return EmulatorReply.Error(405, "MethodNotAllowed", "CreateComponent is a PUT");
        }

        JsonObject body;
        try
        {
            body = call.Json;
        }
        catch (System.Text.Json.JsonException)
        {
            return EmulatorReply.Error(400, "SerializationException", "the body is not JSON");
        }

        foreach (var required in new[] { "name", "semanticVersion", "platform", "clientToken" })
        {
            if (body[required] is not JsonValue value || value.GetValue<string>().Length == 0)
            {
                return EmulatorReply.Error(400, "InvalidRequestException", $"'{required}' is required");
            }
        }

        var name = body["name"]!.GetValue<string>();
        var version = body["semanticVersion"]!.GetValue<string>();
        var platform = body["platform"]!.GetValue<string>();
        var token = body["clientToken"]!.GetValue<string>();
        var data = body["data"]?.GetValue<string>();
        var uri = body["uri"]?.GetValue<string>();

        if (!VersionPattern().IsMatch(version))
        {
            return EmulatorReply.Error(400, "InvalidVersionNumberException", $"The value supplied for parameter 'semanticVersion' is not valid. semanticVersion must match pattern {VersionPattern()}");
        }

        if (!Platforms.Contains(platform, StringComparer.Ordinal))
        {
            return EmulatorReply.Error(400, "InvalidRequestException", $"'platform' must be one of {string.Join(", ", Platforms)}");
        }

        if ((data is null) == (uri is null))
        {
            return EmulatorReply.Error(400, "InvalidParameterCombinationException", "You must specify either data or uri, but not both.");
        }

        if (data is { Length: 0 or > InlineLimit })
        {
            return EmulatorReply.Error(400, "InvalidRequestException", $"'data' must be 1 to {InlineLimit} characters long");
        }

        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var earlier))
            {
                return earlier.Body == call.Body
                    ? Created(earlier.Arn, token)
                    : EmulatorReply.Error(400, "IdempotentParameterMismatchException", "the client token was used with other parameters");
            }

            var arn = $"arn:aws:imagebuilder:{AwsEmulator.Region}:{AwsEmulator.AccountId}:component/{ArnName(name)}/{version}/1";
            if (_components.ContainsKey(arn))
            {
                return EmulatorReply.Error(409, "ResourceAlreadyExistsException", $"The following resource 'Component' already exists: '{arn[..arn.LastIndexOf('/')]}'.");
            }

            var component = new JsonObject
            {
                ["arn"] = arn,
                ["name"] = name,
                ["version"] = version,
                ["type"] = "BUILD",
                ["platform"] = platform,
                ["owner"] = AwsEmulator.AccountId,
                ["encrypted"] = true,
                ["dateCreated"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var optional in new[] { "description", "changeDescription", "kmsKeyId", "supportedOsVersions", "tags", "data", "uri" })
            {
                if (body[optional] is { } value)
                {
                    component[optional] = value.DeepClone();
                }
            }

            _components[arn] = component;
            _tokens[token] = (call.Body, arn);
            return Created(arn, token);
        }
    }

    private static EmulatorReply Created(string arn, string token) => EmulatorReply.Json(new JsonObject
    {
        ["requestId"] = Guid.NewGuid().ToString(),
        ["clientToken"] = token,
        ["componentBuildVersionArn"] = arn,
    });

    /// <summary>Image Builder writes names into ARNs in lower case with spaces as '-'.</summary>
    private static string ArnName(string name) => name.ToLowerInvariant().Replace(' ', '-');

    [GeneratedRegex(@"^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?|third-party):component/[a-z0-9-_]+/(?:(?:([0-9]+|x)\.([0-9]+|x)\.([0-9]+|x))|(?:[0-9]+\.[0-9]+\.[0-9]+/[0-9]+))$")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex VersionPattern();
}

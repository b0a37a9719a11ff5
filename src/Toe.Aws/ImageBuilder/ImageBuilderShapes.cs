using System.Text.Json.Serialization;

namespace Toe.Aws.ImageBuilder;

/// <summary>The answer of GetComponent (Image Builder API reference): the component, with its document in <c>data</c>.</summary>
public sealed class GetComponentResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("component")]
    public ComponentShape? Component { get; set; }
}

/// <summary>
/// The fields of the API's Component that Toe reads. <c>data</c> is the YAML document; KMS-encrypted components
/// (<c>encrypted</c>, <c>kmsKeyId</c>) are decrypted by the service before it answers, so there is nothing to decrypt here.
/// <c>uri</c> is not in the reference's Component: it is read in case a service answers with the S3 location it was created from.
/// </summary>
public sealed class ComponentShape
{
    [JsonPropertyName("arn")]
    public string? Arn { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("platform")]
    public string? Platform { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("owner")]
    public string? Owner { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }

    [JsonPropertyName("uri")]
    public string? Uri { get; set; }

    [JsonPropertyName("encrypted")]
    public bool? Encrypted { get; set; }

    [JsonPropertyName("kmsKeyId")]
    public string? KmsKeyId { get; set; }

    [JsonPropertyName("obfuscate")]
    public bool? Obfuscate { get; set; }
}

/// <summary>The body of CreateComponent (PUT /CreateComponent): exactly one of <c>data</c> and <c>uri</c>.</summary>
public sealed class CreateComponentRequest
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("semanticVersion")]
    public required string SemanticVersion { get; init; }

    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [JsonPropertyName("changeDescription")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChangeDescription { get; init; }

    [JsonPropertyName("platform")]
    public required string Platform { get; init; }

    [JsonPropertyName("supportedOsVersions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? SupportedOsVersions { get; init; }

    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Data { get; init; }

    [JsonPropertyName("uri")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uri { get; init; }

    [JsonPropertyName("kmsKeyId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KmsKeyId { get; init; }

    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Idempotency token: a retried request with the same token creates the component once.</summary>
    [JsonPropertyName("clientToken")]
    public required string ClientToken { get; init; }
}

/// <summary>The answer of CreateComponent.</summary>
public sealed class CreateComponentResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("clientToken")]
    public string? ClientToken { get; set; }

    [JsonPropertyName("componentBuildVersionArn")]
    public string? ComponentBuildVersionArn { get; set; }
}

/// <summary>Source-generated serialisers (Native AOT: no reflection).</summary>
[JsonSerializable(typeof(GetComponentResponse))]
[JsonSerializable(typeof(CreateComponentRequest))]
[JsonSerializable(typeof(CreateComponentResponse))]
internal sealed partial class ImageBuilderJson : JsonSerializerContext;

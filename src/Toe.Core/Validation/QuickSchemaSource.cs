using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Validation;

/// <summary>
/// The text JsonSchema.Net builds <see cref="ComponentSchema"/> from: the schema file without its annotations and with
/// each action's branch moved into a <c>$defs</c> entry of its own (see <see cref="ComponentSchema"/>), and the small
/// wrapper schema of each branch. Plain JSON work, no JsonSchema.Net: it is prepared on a thread of its own while the
/// library loads its dialects on another (<see cref="DocumentValidator.Prepare"/>), which takes the ~1.5 ms it costs
/// off a run's start-up.
/// </summary>
internal sealed class QuickSchemaSource
{
    public const string QuickId = "https://toe.dev/schemas/component-document.quick.schema.json";

    public static readonly Lazy<QuickSchemaSource> Embedded = new(() => Prepare(ReadResource()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Keywords that only annotate; dropped from the compiled copies (collecting them is costly), kept in <see cref="Raw"/>.</summary>
    private static readonly HashSet<string> AnnotationKeywords = ["title", "description", "default", "examples", "$comment", "deprecated", "readOnly", "writeOnly"];

    private QuickSchemaSource(JsonObject raw, string quickText, Dictionary<string, (string Wrapper, IReadOnlyList<string> PathInSchema)> branches)
    {
        Raw = raw;
        QuickText = quickText;
        Branches = branches;
    }

    /// <summary>The schema file as written.</summary>
    public JsonObject Raw { get; }

    /// <summary>The schema to build: without annotations and without the per-action branches of step.</summary>
    public string QuickText { get; }

    /// <summary>Per action: the wrapper schema that reaches its branch, and where the branch is in the file as written.</summary>
    public IReadOnlyDictionary<string, (string Wrapper, IReadOnlyList<string> PathInSchema)> Branches { get; }

    public static string ReadResource()
    {
        var assembly = typeof(ComponentSchema).Assembly;
        using var stream = assembly.GetManifestResourceStream(ComponentSchema.ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ComponentSchema.ResourceName} is missing from {assembly.GetName().Name}; rebuild Toe.Core with schemas/{ComponentSchema.ResourceName} present");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static QuickSchemaSource Prepare(string text)
    {
        var raw = JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"{ComponentSchema.ResourceName} is not a JSON object");

        // The document schema without the per-action branches of step; each branch becomes a $defs
        // entry reached by its own small schema, evaluated only against steps with that action.
        var document = WithoutAnnotations(raw).AsObject();
        document["$id"] = QuickId;
        var branches = new Dictionary<string, (string, IReadOnlyList<string>)>(StringComparer.Ordinal);
        if (document["$defs"]?["step"] is JsonObject step && step["allOf"] is JsonArray allOf)
        {
            var kept = new JsonArray();
            for (var i = 0; i < allOf.Count; i++)
            {
                if (ActionOf(allOf[i]) is { } action && allOf[i]!["then"] is { } then && !branches.ContainsKey(action))
                {
                    var name = "toe.action." + action;
                    document["$defs"]![name] = then.DeepClone();
                    // Built on first use (ComponentSchema): a document uses a few of the 30 actions, and each wrapper is a schema build.
                    var wrapper = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{QuickId}}#/$defs/{{name}}"}""";
                    branches[action] = (wrapper, ["$defs", "step", "allOf", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "then"]);
                }
                else
                {
                    kept.Add(allOf[i]?.DeepClone());
                }
            }

            step.Remove("allOf");
            if (kept.Count > 0)
            {
                step["allOf"] = kept;
            }
        }

        return new QuickSchemaSource(raw, document.ToJsonString(), branches);
    }

    /// <summary>X for a branch written exactly as <c>{ if: { properties: { action: { const: X } }, required: [action] }, then: ... }</c>.</summary>
    private static string? ActionOf(JsonNode? branch)
    {
        if (branch is not JsonObject { Count: 2 } map || map["if"] is not JsonObject condition || condition.Count != 2)
        {
            return null;
        }

        var properties = condition["properties"] as JsonObject;
        var required = condition["required"] as JsonArray;
        if (properties is not { Count: 1 } || required is not { Count: 1 } || required[0]?.GetValue<string>() != "action")
        {
            return null;
        }

        return properties["action"] is JsonObject { Count: 1 } test && test["const"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
    }

    /// <summary>A copy of a schema without annotation keywords; values of enum/const/required and names under properties are data and kept.</summary>
    private static JsonNode WithoutAnnotations(JsonNode schema)
    {
        if (schema is not JsonObject map)
        {
            return schema.DeepClone();
        }

        var copy = new JsonObject();
        foreach (var (keyword, value) in map)
        {
            if (AnnotationKeywords.Contains(keyword) || value is null)
            {
                if (value is null)
                {
                    copy[keyword] = null;
                }

                continue;
            }

            copy[keyword] = keyword switch
            {
                "properties" or "patternProperties" or "$defs" or "dependentSchemas" when value is JsonObject named =>
                    new JsonObject(named.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : WithoutAnnotations(p.Value)))),
                "allOf" or "anyOf" or "oneOf" or "prefixItems" when value is JsonArray list =>
                    new JsonArray(list.Select(item => item is null ? null : WithoutAnnotations(item)).ToArray()),
                "items" or "additionalProperties" or "not" or "if" or "then" or "else" or "contains" or "propertyNames" or "unevaluatedItems" or "unevaluatedProperties" or "additionalItems" =>
                    WithoutAnnotations(value),
                _ => value.DeepClone(),
            };
        }

        return copy;
    }
}

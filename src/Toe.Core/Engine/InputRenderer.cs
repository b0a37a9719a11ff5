using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toe.Documents;

namespace Toe.Engine;

/// <summary>
/// Turns a step's YAML inputs into JSON, replacing references in every string. Plain numbers and
/// booleans become JSON numbers and booleans (a number keeps the text it was written with when
/// that text is valid JSON, otherwise it stays a string); everything else is a string.
/// </summary>
internal static partial class InputRenderer
{
    public static JsonNode? Render(YNode? node, Func<string, string> renderString)
    {
        switch (node)
        {
            case null:
                return null;
            case YScalar scalar:
                return Scalar(scalar, renderString);
            case YSequence sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Items)
                {
                    array.Add(Render(item, renderString));
                }

                return array;
            case YMapping mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    obj[key.Value] = Render(value, renderString);
                }

                return obj;
            default:
                return null;
        }
    }

    /// <summary>True when no string in <paramref name="node"/> holds a reference (<c>{{</c>): rendering it changes nothing.</summary>
    public static bool HoldsNoReference(YNode? node) => node switch
    {
        null => true,
        YScalar scalar => !scalar.Value.Contains("{{", StringComparison.Ordinal),
        YSequence sequence => sequence.Items.All(HoldsNoReference),
        YMapping mapping => mapping.Entries.All(e => HoldsNoReference(e.Value)),
        _ => false,
    };

    private static JsonNode? Scalar(YScalar scalar, Func<string, string> renderString)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                return null;
            case ScalarKind.Boolean when ScalarTyping.TryGetBoolean(scalar, out var flag):
                return JsonValue.Create(flag);
            case ScalarKind.Integer or ScalarKind.Float when JsonNumber().IsMatch(scalar.Value):
                return JsonNode.Parse(scalar.Value);
            case ScalarKind.Integer when scalar.Value.StartsWith("0x", StringComparison.Ordinal)
                && long.TryParse(scalar.Value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex):
                return JsonValue.Create(hex);
            case ScalarKind.String:
                return JsonValue.Create(renderString(scalar.Value));
            default:
                return JsonValue.Create(scalar.Value);
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Engine;

/// <summary>Helpers for modules reading their resolved inputs, with messages fit for a failed step.</summary>
public static class InputReader
{
    /// <summary>A scalar input as text (numbers and booleans as written); false with an error when missing or not a scalar.</summary>
    public static bool TryGetString(JsonNode? inputs, string key, [NotNullWhen(true)] out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (inputs is not JsonObject map || !map.TryGetPropertyValue(key, out var node) || node is null)
        {
            error = $"input '{key}' is required";
            return false;
        }

        if (node is not JsonValue scalar)
        {
            error = $"input '{key}' must be a string, not {Describe(node)}";
            return false;
        }

        value = ScalarText(scalar);
        return true;
    }

    /// <summary>
    /// A list-of-strings input. Missing: an empty list when <paramref name="required"/> is false.
    /// Items that are numbers or booleans are taken as written; nested lists or maps are an error.
    /// </summary>
    public static bool TryGetStringList(JsonNode? inputs, string key, bool required, [NotNullWhen(true)] out List<string>? values, out string error)
    {
        values = null;
        error = string.Empty;
        JsonNode? node = null;
        if (inputs is not JsonObject map || !map.TryGetPropertyValue(key, out node) || node is null)
        {
            if (required)
            {
                error = $"input '{key}' is required";
                return false;
            }

            values = [];
            return true;
        }

        if (node is not JsonArray array)
        {
            error = $"input '{key}' must be a list of strings, not {Describe(node)}";
            return false;
        }

        values = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            switch (array[i])
            {
                case null:
                    values.Add(string.Empty);
                    break;
                case JsonValue scalar:
                    values.Add(ScalarText(scalar));
                    break;
                default:
                    error = $"item {i} of input '{key}' must be a string, not {Describe(array[i]!)}";
                    values = null;
                    return false;
            }
        }

        return true;
    }

    private static string ScalarText(JsonValue scalar) =>
        scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "a list",
        JsonObject => "a mapping",
        _ => "a " + node.GetValueKind().ToString().ToLowerInvariant(),
    };
}

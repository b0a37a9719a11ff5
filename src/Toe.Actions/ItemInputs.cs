using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Actions;

/// <summary>
/// The resolved inputs of one item of a list-shaped step (<c>inputs: [ {path: ...}, ... ]</c>). Every
/// accessor throws <see cref="ItemFailedException"/> with a message that names the input, so a module
/// reads its inputs in a few lines and the step fails with a clear reason.
/// </summary>
public sealed class ItemInputs
{
    private readonly JsonObject _values;

    public ItemInputs(int index, JsonObject values)
    {
        Index = index;
        _values = values;
    }

    /// <summary>0-based position of the item in the step's <c>inputs</c>.</summary>
    public int Index { get; }

    /// <summary>A short description of the item for failure messages: its path, or source → destination.</summary>
    public string Subject
    {
        get
        {
            var path = Text("path");
            if (path is not null)
            {
                return $"'{path}'";
            }

            var source = Text("source");
            var destination = Text("destination");
            return source is null ? string.Empty : destination is null ? $"'{source}'" : $"'{source}' -> '{destination}'";
        }
    }

    public bool Has(string key) => _values.TryGetPropertyValue(key, out var node) && node is not null;

    /// <summary>The input as written (a value, list or mapping), or null when missing; for inputs that are not plain strings.</summary>
    public JsonNode? Node(string key) => _values.TryGetPropertyValue(key, out var node) ? node : null;

    /// <summary>A required string input; missing, null, or empty (whitespace only) is a failure.</summary>
    public string Required(string key)
    {
        var value = Optional(key);
        if (value is null)
        {
            throw new ItemFailedException($"input '{key}' is required");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ItemFailedException($"input '{key}' is empty; give a value");
        }

        return value;
    }

    /// <summary>An optional string input; numbers and booleans are taken as written (permissions: 0755 stays "0755").</summary>
    public string? Optional(string key)
    {
        if (!_values.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonValue scalar)
        {
            throw new ItemFailedException($"input '{key}' must be a single value, not {(node is JsonArray ? "a list" : "a mapping")}");
        }

        return scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
    }

    /// <summary>
    /// A Boolean input: a YAML boolean, or the text true/false in any case (what a <c>{{ parameter }}</c>
    /// resolves to). Anything else is a failure rather than a guess.
    /// </summary>
    public bool Boolean(string key, bool defaultValue)
    {
        if (!_values.TryGetPropertyValue(key, out var node) || node is null)
        {
            return defaultValue;
        }

        if (node is JsonValue scalar)
        {
            switch (scalar.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when bool.TryParse(scalar.GetValue<string>().Trim(), out var parsed):
                    return parsed;
            }
        }

        throw new ItemFailedException($"input '{key}' must be true or false, not {node.ToJsonString()}");
    }

    private string? Text(string key)
    {
        try
        {
            return Optional(key);
        }
        catch (ItemFailedException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"item {Index + 1} {Subject}");
}

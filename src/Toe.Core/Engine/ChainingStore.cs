using System.Text.Json;
using System.Text.Json.Nodes;
using Toe.Expressions;
using Toe.Reports;

namespace Toe.Engine;

/// <summary>
/// The inputs and outputs of the steps that already ran in one document, for
/// <c>{{ phase.step.inputs[i].key }}</c> and <c>{{ phase.step.outputs.key }}</c>.
/// Inputs and outputs are seen as lists of objects, as detailedoutput.json writes them: map-shaped
/// inputs are a list of one, outputs are a list of one, and a missing index means [0].
/// </summary>
internal sealed class ChainingStore
{
    private readonly Dictionary<(string Phase, string Step), (JsonNode? Inputs, JsonObject Outputs)> _steps = [];

    public void Record(string phase, string step, JsonNode? inputs, JsonObject outputs) => _steps[(phase, step)] = (inputs, outputs);

    /// <summary>Everything recorded, for the state saved across a reboot.</summary>
    public IEnumerable<(string Phase, string Step, JsonNode? Inputs, JsonObject Outputs)> Entries =>
        _steps.Select(p => (p.Key.Phase, p.Key.Step, p.Value.Inputs, p.Value.Outputs));

    public bool TryResolve(Reference reference, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        var expression = $"{{{{ {reference.Text} }}}}";
        if (!_steps.TryGetValue((reference.Phase!, reference.Step!), out var step))
        {
            error = $"'{expression}' cannot be resolved: step '{reference.Step}' of phase '{reference.Phase}' has not run in this document (chaining can only use steps that ran before this one)";
            return false;
        }

        var outputs = reference.Direction == "outputs";
        var items = outputs ? AsList(step.Outputs) : AsList(step.Inputs);
        var index = reference.Index ?? 0;
        if (index >= items.Count)
        {
            error = items.Count == 0
                ? $"'{expression}' cannot be resolved: step '{reference.Phase}.{reference.Step}' has no {reference.Direction}"
                : $"'{expression}' cannot be resolved: step '{reference.Phase}.{reference.Step}' has {items.Count} {reference.Direction} item(s); index {index} is out of range (indexes start at 0)";
            return false;
        }

        if (items[index] is not JsonObject item || !item.TryGetPropertyValue(reference.Key!, out var node))
        {
            error = $"'{expression}' cannot be resolved: step '{reference.Phase}.{reference.Step}' has no {(outputs ? "output" : "input")} '{reference.Key}'";
            return false;
        }

        value = ToText(node);
        return true;
    }

    /// <summary>The text a JSON value stands for in a string: strings as they are, everything else as compact JSON.</summary>
    public static string ToText(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => ReportJson.ToCompactJson(node),
    };

    private static List<JsonNode?> AsList(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array],
        JsonObject o when o.Count == 0 => [],
        _ => [node],
    };
}

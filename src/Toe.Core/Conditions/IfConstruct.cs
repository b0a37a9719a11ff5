using System.Text.Json.Nodes;

namespace Toe.Conditions;

/// <summary>What a step does once its <c>if</c> condition is known (toe-conditional-constructs).</summary>
public enum StepBranch
{
    /// <summary>Run the step.</summary>
    Execute,

    /// <summary>Do not run the step; it counts as successful.</summary>
    Skip,

    /// <summary>Mark the step failed (its onFailure then applies).</summary>
    Abort,
}

/// <summary>
/// A step's <c>if</c>: one condition plus optional <c>then</c>/<c>else</c>. A missing <c>then</c>
/// means Execute and a missing <c>else</c> means Skip, the documented default behaviour.
/// </summary>
public sealed record IfConstruct(Condition Condition, StepBranch Then, StepBranch Else)
{
    /// <summary>
    /// Parses the map form (current docs: <c>then</c>/<c>else</c> beside the operator) and the
    /// one-item list form (older docs and the translations) with the same keys inside the item.
    /// </summary>
    /// <exception cref="ConditionException">Not a well-formed <c>if</c>.</exception>
    public static IfConstruct Parse(JsonNode? node)
    {
        var map = node switch
        {
            JsonObject single => single,
            JsonArray { Count: 1 } list when list[0] is JsonObject item => item,
            _ => throw new ConditionException($"if must hold one condition mapping (or a list of exactly one), not {ConditionParser.Describe(node)}"),
        };

        return new IfConstruct(
            ConditionParser.Parse(map),
            Branch(map, ConditionOperators.ThenKey, StepBranch.Execute),
            Branch(map, ConditionOperators.ElseKey, StepBranch.Skip));
    }

    /// <summary>The branch for an evaluated condition.</summary>
    public StepBranch Choose(bool conditionValue) => conditionValue ? Then : Else;

    /// <summary>Evaluates the condition and picks the branch; throws <see cref="ConditionException"/> like the evaluator.</summary>
    public (ConditionResult Result, StepBranch Branch) Evaluate(IConditionHost host)
    {
        var result = ConditionEvaluator.Evaluate(Condition, host);
        return (result, Choose(result.Value));
    }

    // Exact spelling, as the schema's enum: the validator is where a near miss gets a suggestion.
    private static StepBranch Branch(JsonObject map, string key, StepBranch missing)
    {
        if (!map.TryGetPropertyValue(key, out var node))
        {
            return missing;
        }

        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        return text switch
        {
            "Execute" => StepBranch.Execute,
            "Skip" => StepBranch.Skip,
            "Abort" => StepBranch.Abort,
            _ => throw new ConditionException($"{key} must be Abort, Execute or Skip, not {(text is null ? ConditionParser.Describe(node) : $"'{text}'")}"),
        };
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Conditions;

/// <summary>
/// Reads a condition from the JSON the engine renders a step's <c>if</c> or Assert inputs into
/// (every <c>{{ }}</c> already substituted). Key order is irrelevant: AWS's own samples put
/// <c>value</c> before the operator. The validator reports shape errors with line numbers before a
/// run; the parser repeats the checks because it may see documents that were not validated.
/// </summary>
public static class ConditionParser
{
    /// <summary>
    /// Parses a condition mapping. Top-level <c>then</c>/<c>else</c> keys are ignored: they belong
    /// to <c>if</c> (see <see cref="IfConstruct"/>).
    /// </summary>
    /// <exception cref="ConditionException">The node is not a well-formed condition.</exception>
    public static Condition Parse(JsonNode? node) => Parse(node, depth: 1, topLevel: true);

    private static Condition Parse(JsonNode? node, int depth, bool topLevel)
    {
        if (depth > ConditionOperators.MaxDepth)
        {
            throw new ConditionException($"conditions nest more than {ConditionOperators.MaxDepth} levels deep");
        }

        if (node is not JsonObject map)
        {
            throw new ConditionException($"a condition must be a mapping with one operator, not {Describe(node)}");
        }

        var operators = map.Where(e => !IsOperandKey(e.Key, topLevel)).Select(e => e.Key).ToList();
        if (operators.Count != 1)
        {
            throw new ConditionException(operators.Count == 0
                ? "the condition has no operator; write one comparison (e.g. stringEquals with value) or one of and, or, not"
                : $"the condition has {operators.Count} operators ({string.Join(", ", operators)}); combine them with 'and' or 'or'");
        }

        var op = operators[0];
        var operand = map[op];
        return op switch
        {
            "and" => new AndCondition(ParseList(op, map, operand, depth)),
            "or" => new OrCondition(ParseList(op, map, operand, depth)),
            "not" => new NotCondition(ParseNot(map, operand, depth)),
            _ when ConditionOperators.Comparisons.Contains(op) => ParseComparison(op, map, operand),
            _ => throw new ConditionException($"unknown operator '{op}'; the comparison operators are {string.Join(", ", ConditionOperators.Comparisons.Order(StringComparer.Ordinal))}, the logical ones and, or, not"),
        };
    }

    private static bool IsOperandKey(string key, bool topLevel) =>
        key is ConditionOperators.ValueKey or ConditionOperators.PathKey
        || (topLevel && key is ConditionOperators.ThenKey or ConditionOperators.ElseKey);

    private static List<Condition> ParseList(string op, JsonObject map, JsonNode? operand, int depth)
    {
        RejectOperandKeys(op, map, allowed: null);

        // The docs say "two or more"; one is accepted because its meaning is unambiguous.
        if (operand is not JsonArray { Count: > 0 } list)
        {
            throw new ConditionException($"{op} takes a list of one or more conditions, not {Describe(operand)}");
        }

        return list.Select(item => Parse(item, depth + 1, topLevel: false)).ToList();
    }

    /// <summary><c>not</c> is a mapping on the conditional-constructs page and a one-item list on the logical-operators page.</summary>
    private static Condition ParseNot(JsonObject map, JsonNode? operand, int depth)
    {
        RejectOperandKeys("not", map, allowed: null);
        return operand switch
        {
            JsonArray { Count: 1 } list => Parse(list[0], depth + 1, topLevel: false),
            JsonArray list => throw new ConditionException($"not negates exactly one condition, but its list has {list.Count}"),
            _ => Parse(operand, depth + 1, topLevel: false),
        };
    }

    private static Comparison ParseComparison(string op, JsonObject map, JsonNode? operand)
    {
        string? needs = ConditionOperators.TakesValue(op) ? ConditionOperators.ValueKey
            : ConditionOperators.Hash.Contains(op) ? ConditionOperators.PathKey
            : null;
        RejectOperandKeys(op, map, needs);
        if (needs is not null && !map.ContainsKey(needs))
        {
            throw new ConditionException(needs == ConditionOperators.PathKey
                ? $"{op} needs 'path': the file whose hash is compared"
                : $"{op} needs 'value': the value compared with '{op}'");
        }

        var value = needs == ConditionOperators.ValueKey ? Scalar(op, ConditionOperators.ValueKey, map[needs]) : null;
        var path = needs == ConditionOperators.PathKey ? Scalar(op, ConditionOperators.PathKey, map[needs]) : null;
        return new Comparison(op, Scalar(op, op, operand), value, path);
    }

    private static void RejectOperandKeys(string op, JsonObject map, string? allowed)
    {
        foreach (var key in new[] { ConditionOperators.ValueKey, ConditionOperators.PathKey })
        {
            if (key != allowed && map.ContainsKey(key))
            {
                throw new ConditionException($"{op} does not take '{key}'");
            }
        }
    }

    private static JsonValue? Scalar(string op, string key, JsonNode? node) => node switch
    {
        null => null,
        JsonValue value => value,
        _ => throw new ConditionException($"'{key}' of {op} must be a single value, not {Describe(node)}"),
    };

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonArray => "a list",
        JsonObject => "a mapping",
        _ => "a " + node.GetValueKind().ToString().ToLowerInvariant(),
    };
}

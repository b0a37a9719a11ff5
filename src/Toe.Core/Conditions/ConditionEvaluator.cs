using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Conditions;

/// <summary>
/// Evaluates a parsed condition. Comparisons read <c>value &lt;op&gt; operand</c>, as every example
/// of toe-comparison-operators does (its prose says the reverse). <c>and</c>/<c>or</c> stop at the
/// first operand that decides them, so later operands are never evaluated (nor their files read).
/// </summary>
public static class ConditionEvaluator
{
    private const int ShownLength = 200;

    /// <exception cref="ConditionException">A comparison cannot be evaluated at all (e.g. a non-RE2 pattern).</exception>
    public static ConditionResult Evaluate(Condition condition, IConditionHost host) => condition switch
    {
        AndCondition and => EvaluateAnd(and, host),
        OrCondition or => EvaluateOr(or, host),
        NotCondition not => Negate(Evaluate(not.Operand, host)),
        Comparison comparison => Compare(comparison, host),
        _ => throw new ConditionException($"cannot evaluate '{condition.Operator}'"),
    };

    private static ConditionResult EvaluateAnd(AndCondition and, IConditionHost host)
    {
        for (var i = 0; i < and.Operands.Count; i++)
        {
            var result = Evaluate(and.Operands[i], host);
            if (!result.Value)
            {
                return new ConditionResult(false, $"and: condition {i + 1} of {and.Operands.Count} is false: {result.Explanation}");
            }
        }

        return new ConditionResult(true, $"and: all {and.Operands.Count} conditions are true");
    }

    private static ConditionResult EvaluateOr(OrCondition or, IConditionHost host)
    {
        var reasons = new List<string>();
        for (var i = 0; i < or.Operands.Count; i++)
        {
            var result = Evaluate(or.Operands[i], host);
            if (result.Value)
            {
                return new ConditionResult(true, $"or: condition {i + 1} of {or.Operands.Count} is true: {result.Explanation}");
            }

            reasons.Add(result.Explanation);
        }

        return new ConditionResult(false, $"or: none of {or.Operands.Count} conditions is true: {string.Join("; ", reasons)}");
    }

    private static ConditionResult Negate(ConditionResult inner) =>
        new(!inner.Value, $"not: the negated condition is {(inner.Value ? "true" : "false")} ({inner.Explanation})");

    private static ConditionResult Compare(Comparison c, IConditionHost host)
    {
        var op = c.Operator;
        if (ConditionOperators.NumberComparison.Contains(op))
        {
            return CompareNumbers(c);
        }

        if (ConditionOperators.Hash.Contains(op))
        {
            return CompareHash(c, host);
        }

        var operand = Text(c.Operand);
        if (ConditionOperators.StringComparison.Contains(op))
        {
            var value = Text(c.Value);
            var holds = op == "patternMatches" ? PatternMatcher.IsMatch(operand, value) : StringComparisons.Holds(op, value, operand);
            return new ConditionResult(holds, $"{op}: expected {Expectation(op, operand)}, value was {Show(value)}");
        }

        return op switch
        {
            "stringIsEmpty" => new(operand.Length == 0, $"stringIsEmpty: value was {Show(operand)}"),
            "stringIsWhitespace" => new(StringComparisons.IsWhitespace(operand), $"stringIsWhitespace: value was {Show(operand)}"),
            "fileExists" => Exists(op, operand, host.FileExists(operand), "a file"),
            "folderExists" => Exists(op, operand, host.FolderExists(operand), "a folder"),
            "binaryExists" => Exists(op, operand, host.BinaryExists(operand), "an executable on PATH"),
            _ => throw new ConditionException($"unknown operator '{op}'"),
        };
    }

    private static ConditionResult CompareNumbers(Comparison c)
    {
        var op = c.Operator;
        var described = $"{op}: expected {Expectation(op, Text(c.Operand))}, value was {Show(Text(c.Value))}";
        if (!ExactNumber.TryFrom(c.Operand, out var operand))
        {
            return new ConditionResult(false, $"{described}; '{op}' {Show(Text(c.Operand))} is not a number");
        }

        if (!ExactNumber.TryFrom(c.Value, out var value))
        {
            return new ConditionResult(false, $"{described}; the value is not a number");
        }

        var order = value.CompareTo(operand);
        var holds = op switch
        {
            "numberEquals" => order == 0,
            "numberLessThan" => order < 0,
            "numberLessThanEquals" => order <= 0,
            "numberGreaterThan" => order > 0,
            _ => order >= 0, // numberGreaterThanEquals
        };
        return new ConditionResult(holds, described);
    }

    private static ConditionResult CompareHash(Comparison c, IConditionHost host)
    {
        var op = c.Operator;
        var expected = Text(c.Operand);
        var path = Text(c.Path);
        var actual = FileHash.TryCompute(op, path, host, out var error);
        if (actual is null)
        {
            return new ConditionResult(false, $"{op}: expected {Show(expected)}, but {Show(path)} could not be read: {error}");
        }

        // Hex digits are case-insensitive; no trimming, like the string operators.
        var holds = string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
        return new ConditionResult(holds, $"{op}: expected {Show(expected)}, hash of {Show(path)} was {Show(actual)}");
    }

    private static ConditionResult Exists(string op, string path, bool exists, string what) =>
        new(exists, $"{op}: {Show(path)} {(exists ? "is" : "is not")} {what}");

    private static string Expectation(string op, string operand) => op switch
    {
        "stringEquals" or "numberEquals" => Show(operand),
        "stringLessThan" or "numberLessThan" => $"a value less than {Show(operand)}",
        "stringLessThanEquals" or "numberLessThanEquals" => $"a value less than or equal to {Show(operand)}",
        "stringGreaterThan" or "numberGreaterThan" => $"a value greater than {Show(operand)}",
        "stringGreaterThanEquals" or "numberGreaterThanEquals" => $"a value greater than or equal to {Show(operand)}",
        _ => $"a value matching {Show(operand)}", // patternMatches
    };

    /// <summary>
    /// A scalar as the string operators see it: strings as they are, numbers and booleans as
    /// written (the page: numbers are converted to strings), null (an empty YAML value) as "".
    /// </summary>
    internal static string Text(JsonValue? node) => node switch
    {
        null => string.Empty,
        _ when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>Quoted, and cut short so a long stdout does not swamp the message.</summary>
    private static string Show(string text) =>
        text.Length <= ShownLength ? $"'{text}'" : $"'{text[..ShownLength]}…' ({text.Length} characters)";
}

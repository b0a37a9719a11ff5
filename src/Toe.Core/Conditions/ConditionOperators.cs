using System.Collections.Frozen;

namespace Toe.Conditions;

/// <summary>
/// The single list of condition operators (SPEC-2026 sections 2 and 3: 20 comparisons, 3 logical
/// operators), shared by the validator's shape check and by the parser, so the two cannot drift.
/// </summary>
public static class ConditionOperators
{
    /// <summary>Nesting limit from toe-conditional-constructs: the top-level operator is level 1.</summary>
    public const int MaxDepth = 4;

    public const string ValueKey = "value";
    public const string PathKey = "path";
    public const string ThenKey = "then";
    public const string ElseKey = "else";

    /// <summary>Operators that take their only operand under their own key.</summary>
    public static FrozenSet<string> SingleOperand { get; } =
        new[] { "stringIsEmpty", "stringIsWhitespace", "binaryExists", "fileExists", "folderExists" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>String operators that compare their operand with <c>value</c>.</summary>
    public static FrozenSet<string> StringComparison { get; } =
        new[] { "stringEquals", "stringLessThan", "stringLessThanEquals", "stringGreaterThan", "stringGreaterThanEquals", "patternMatches" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Number operators that compare their operand with <c>value</c>.</summary>
    public static FrozenSet<string> NumberComparison { get; } =
        new[] { "numberEquals", "numberLessThan", "numberLessThanEquals", "numberGreaterThan", "numberGreaterThanEquals" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Operators that compare an expected hash (their operand) with the hash of the file in <c>path</c>.</summary>
    public static FrozenSet<string> Hash { get; } =
        new[] { "fileMD5Equals", "fileSHA1Equals", "fileSHA256Equals", "fileSHA512Equals" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> Logical { get; } = new[] { "and", "or", "not" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every comparison operator (the 20 documented ones).</summary>
    public static FrozenSet<string> Comparisons { get; } =
        SingleOperand.Concat(StringComparison).Concat(NumberComparison).Concat(Hash).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Comparisons that need a sibling <c>value</c> key.</summary>
    public static bool TakesValue(string op) => StringComparison.Contains(op) || NumberComparison.Contains(op);
}

namespace Toe.Conditions;

/// <summary>
/// The string operators. toe-comparison-operators: "String comparisons are not case sensitive,
/// and they don't trim spaces". Both sides are lower-cased and then compared ordinally, so digits
/// sort before letters as the examples require ('0' &lt; 'a'), and 'A' equals 'a'.
/// </summary>
internal static class StringComparisons
{
    public static bool Holds(string op, string value, string operand)
    {
        var order = string.CompareOrdinal(value.ToLowerInvariant(), operand.ToLowerInvariant());
        return op switch
        {
            "stringEquals" => order == 0,
            "stringLessThan" => order < 0,
            "stringLessThanEquals" => order <= 0,
            "stringGreaterThan" => order > 0,
            "stringGreaterThanEquals" => order >= 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a string ordering operator"),
        };
    }

    /// <summary>
    /// Non-empty and nothing but white space. The page says "only spaces"; tabs and line breaks
    /// count too (Unicode White_Space, as Go's unicode.IsSpace), because the operator's name
    /// promises white space and a blank stdout is what people test for.
    /// </summary>
    public static bool IsWhitespace(string text) => text.Length > 0 && text.All(char.IsWhiteSpace);
}

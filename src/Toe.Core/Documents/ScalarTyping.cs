using System.Globalization;
using System.Text.RegularExpressions;

namespace Toe.Documents;

public enum ScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}

/// <summary>
/// Implicit typing of plain scalars by the YAML 1.2 core schema (what the JSON instance of a
/// document sees). Values are still read as their written text where a string is expected:
/// <c>default: 1.0</c> stays "1.0", not "1".
/// </summary>
public static partial class ScalarTyping
{
    public static ScalarKind Classify(YScalar scalar)
    {
        if (scalar.Tag is { } tag && tag != "!")
        {
            return tag switch
            {
                "tag:yaml.org,2002:str" or "!!str" => ScalarKind.String,
                "tag:yaml.org,2002:int" or "!!int" => ScalarKind.Integer,
                "tag:yaml.org,2002:float" or "!!float" => ScalarKind.Float,
                "tag:yaml.org,2002:bool" or "!!bool" => ScalarKind.Boolean,
                "tag:yaml.org,2002:null" or "!!null" => ScalarKind.Null,
                _ => ScalarKind.String,
            };
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return ScalarKind.String;
        }

        var v = scalar.Value;
        if (v.Length == 0 || v is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(v))
        {
            return ScalarKind.Integer;
        }

        if (FloatPattern().IsMatch(v))
        {
            return ScalarKind.Float;
        }

        return ScalarKind.String;
    }

    public static bool TryGetBoolean(YScalar scalar, out bool value)
    {
        value = false;
        if (Classify(scalar) == ScalarKind.Boolean || scalar.Style != ScalarStyle.Plain)
        {
            if (string.Equals(scalar.Value, "true", StringComparison.OrdinalIgnoreCase))
            {
                value = true;
                return true;
            }

            if (string.Equals(scalar.Value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryGetDouble(YScalar scalar, out double value)
    {
        var text = scalar.Value;
        value = text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => 0,
        };
        return value != 0 || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}

using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Conditions;

/// <summary>
/// A number held exactly as mantissa × 10^exponent, so that 1.9 &lt; 2 and 0.1 + nothing is
/// never rounded: AWSTOE compares with Go's big.Float, and doubles would disagree on long inputs.
/// </summary>
internal readonly record struct ExactNumber(BigInteger Mantissa, int Exponent)
{
    /// <summary>Beyond float64's range AWSTOE cannot hold the number either; also bounds the work of a comparison.</summary>
    private const int MaxExponent = 400;

    /// <summary>
    /// YAML numbers (JSON number text from the engine) and strings matching the documented
    /// <c>^[-+]?([0-9]+[.])?[0-9]+$</c>; anything else (booleans, "a10", "1e3" as a string, null) is not a number.
    /// </summary>
    public static bool TryFrom(JsonValue? node, out ExactNumber number)
    {
        number = default;
        if (node is null)
        {
            return false;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.Number => TryParse(node.ToJsonString(), allowExponent: true, out number),
            JsonValueKind.String => TryParse(node.GetValue<string>(), allowExponent: false, out number),
            _ => false,
        };
    }

    // A hand-written scanner rather than a regex: .NET's '$' would accept a trailing newline.
    internal static bool TryParse(string text, bool allowExponent, out ExactNumber number)
    {
        number = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder();
        var before = ReadDigits(text, ref i, digits);
        var scale = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var after = ReadDigits(text, ref i, digits);
            if (before == 0 || after == 0)
            {
                return false; // "1." and ".5" are not in the documented grammar
            }

            scale = after;
        }
        else if (before == 0)
        {
            return false;
        }

        var exponent = 0;
        if (allowExponent && i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            var sign = 1;
            if (i < text.Length && text[i] is '+' or '-')
            {
                sign = text[i] == '-' ? -1 : 1;
                i++;
            }

            var exponentDigits = new System.Text.StringBuilder();
            if (ReadDigits(text, ref i, exponentDigits) == 0 || exponentDigits.Length > 6)
            {
                return false;
            }

            exponent = sign * int.Parse(exponentDigits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (i != text.Length || Math.Abs(exponent - scale) > MaxExponent || digits.Length > MaxExponent)
        {
            return false;
        }

        var mantissa = BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        number = new ExactNumber(negative ? -mantissa : mantissa, exponent - scale);
        return true;
    }

    public int CompareTo(ExactNumber other)
    {
        // Bring both to the smaller exponent; the exponent bound keeps the power small.
        var exponent = Math.Min(Exponent, other.Exponent);
        var left = Mantissa * BigInteger.Pow(10, Exponent - exponent);
        var right = other.Mantissa * BigInteger.Pow(10, other.Exponent - exponent);
        return left.CompareTo(right);
    }

    private static int ReadDigits(string text, ref int i, System.Text.StringBuilder into)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            into.Append(text[i]);
            i++;
        }

        return i - start;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Toe.Conditions;

/// <summary>
/// Rewrites the RE2 spellings whose meaning differs in .NET, so that a pattern means what it
/// means in Go: <c>\d \s \w</c> (and their negations) are ASCII-only in RE2; <c>$</c> without the
/// m flag is the very end of the text in RE2 (.NET also allows a final newline); <c>\Q…\E</c>,
/// <c>(?P&lt;name&gt;</c>, one-letter <c>\pN</c> and POSIX classes <c>[[:alpha:]]</c> exist only in RE2.
/// Everything else is passed through for .NET to parse (and reject, if RE2 would too).
/// </summary>
internal static partial class Re2Syntax
{
    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = "0-9", ["graph"] = @"!-~", ["lower"] = "a-z",
        ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    public static string ToDotNet(string pattern)
    {
        var multiline = MultilineFlag().IsMatch(pattern);
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i = Escape(pattern, i, inClass, result);
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':' && TryPosix(pattern, i, result, out var end))
                {
                    i = end;
                    continue;
                }

                inClass = c != ']';
                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    result.Append(c);

                    // A ']' right after '[' or '[^' is a literal, not the end of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        result.Append(pattern[++i]);
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        result.Append(@"\]");
                        i++;
                    }

                    break;
                case '$' when !multiline:
                    result.Append(@"\z");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    result.Append("(?<");
                    i += 3;
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    /// <returns>The index of the last character consumed.</returns>
    private static int Escape(string pattern, int i, bool inClass, StringBuilder result)
    {
        var next = pattern[i + 1];
        if (next == 'Q')
        {
            var end = pattern.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
            var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
            result.Append(inClass ? literal.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("]", @"\]", StringComparison.Ordinal).Replace("-", @"\-", StringComparison.Ordinal).Replace("^", @"\^", StringComparison.Ordinal) : Regex.Escape(literal));
            return end < 0 ? pattern.Length : end + 1;
        }

        if (next is 'p' or 'P' && i + 2 < pattern.Length && char.IsAsciiLetter(pattern[i + 2]))
        {
            result.Append('\\').Append(next).Append('{').Append(pattern[i + 2]).Append('}');
            return i + 2;
        }

        var replacement = (inClass, next) switch
        {
            (false, 'd') => "[0-9]",
            (false, 'D') => "[^0-9]",
            (false, 's') => @"[\t\n\f\r ]",
            (false, 'S') => @"[^\t\n\f\r ]",
            (false, 'w') => "[0-9A-Za-z_]",
            (false, 'W') => "[^0-9A-Za-z_]",
            (true, 'd') => "0-9",
            (true, 's') => @"\t\n\f\r ",
            (true, 'w') => "0-9A-Za-z_",
            _ => null, // negated shorthands inside a class stay .NET's (Unicode) ones
        };
        result.Append(replacement ?? pattern.Substring(i, 2));
        return i + 1;
    }

    private static bool TryPosix(string pattern, int i, StringBuilder result, out int end)
    {
        end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
        if (end < 0 || !Posix.TryGetValue(pattern[(i + 2)..end], out var members))
        {
            return false; // negated [:^x:] and unknown names are left for .NET to reject
        }

        result.Append(members);
        end++;
        return true;
    }

    // (?m), (?im), (?sm:...) and the like; a flag after '-' clears it, so only flags before '-' count.
    [GeneratedRegex(@"\(\?[isU]*m", RegexOptions.CultureInvariant)]
    private static partial Regex MultilineFlag();
}

using System.Text.RegularExpressions;

namespace Toe.Conditions;

/// <summary>
/// patternMatches. AWSTOE uses Go's RE2 <c>regexp</c>; .NET has no RE2, so the pattern runs on the
/// NonBacktracking engine, which like RE2 is linear in the input (no catastrophic backtracking)
/// and, like RE2, refuses backreferences, lookarounds, atomic groups and conditionals. A timeout
/// guards the rest. Matching is unanchored (Go's MatchString) and ignores case, the only reading
/// under which the page's own example (<c>^[a-z]+$</c> matches 'ThisIsValue') is true;
/// <c>(?-i)</c> at the start of the pattern turns that off.
/// </summary>
internal static class PatternMatcher
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <exception cref="ConditionException">The pattern is invalid or uses a construct RE2 does not have.</exception>
    public static bool IsMatch(string pattern, string value)
    {
        Regex regex;
        try
        {
            regex = new Regex(Re2Syntax.ToDotNet(pattern), Options, Timeout);
        }
        catch (NotSupportedException ex)
        {
            throw new ConditionException($"patternMatches: '{pattern}' uses a construct RE2 does not support (backreferences, lookarounds, atomic groups and conditionals are not RE2): {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ConditionException($"patternMatches: '{pattern}' is not a valid regular expression: {ex.Message}", ex);
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ConditionException($"patternMatches: matching '{pattern}' took longer than {Timeout.TotalSeconds:0} s", ex);
        }
    }
}

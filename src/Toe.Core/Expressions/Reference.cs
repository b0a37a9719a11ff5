using System.Globalization;
using System.Text.RegularExpressions;

namespace Toe.Expressions;

public enum ReferenceKind
{
    /// <summary><c>{{ Name }}</c>: a parameter or constant.</summary>
    Variable,

    /// <summary><c>{{ phase.step.inputs[i].key }}</c> or <c>{{ phase.step.outputs.key }}</c>.</summary>
    Chaining,

    /// <summary><c>{{ loop.index }}</c>, <c>{{ name.value }}</c>.</summary>
    Loop,

    /// <summary><c>{{ env:NAME }}</c>, <c>{{ context:key }}</c>, <c>{{ aws:ssm:... }}</c>, <c>{{ aws:imds:... }}</c>.</summary>
    Prefixed,

    /// <summary>
    /// A Go template as used by docker, kubectl or helm (<c>{{ .Names }}</c>, <c>{{ json .Config }}</c>):
    /// not AWSTOE's, so it is left as written (the validator warns).
    /// </summary>
    ForeignTemplate,

    /// <summary>Anything else; the validator reports it.</summary>
    Malformed,
}

/// <summary>One parsed <c>{{ ... }}</c> reference.</summary>
public sealed partial record Reference(string Text, ReferenceKind Kind)
{
    public string? Phase { get; init; }

    public string? Step { get; init; }

    /// <summary>"inputs" or "outputs" for chaining.</summary>
    public string? Direction { get; init; }

    public int? Index { get; init; }

    /// <summary>The key under inputs/outputs, the loop property (index/value), or the variable name.</summary>
    public string? Key { get; init; }

    /// <summary>The loop name for loop references; the prefix (env, context, aws:ssm, aws:imds) for prefixed ones.</summary>
    public string? Scope { get; init; }

    public static Reference Parse(string text)
    {
        var trimmed = text.Trim();
        if (VariablePattern().IsMatch(trimmed))
        {
            return new Reference(trimmed, ReferenceKind.Variable) { Key = trimmed };
        }

        var prefixed = PrefixedPattern().Match(trimmed);
        if (prefixed.Success)
        {
            return new Reference(trimmed, ReferenceKind.Prefixed) { Scope = prefixed.Groups["prefix"].Value, Key = prefixed.Groups["rest"].Value.Trim() };
        }

        var chaining = ChainingPattern().Match(trimmed);
        if (chaining.Success)
        {
            return new Reference(trimmed, ReferenceKind.Chaining)
            {
                Phase = chaining.Groups["phase"].Value,
                Step = chaining.Groups["step"].Value,
                Direction = chaining.Groups["dir"].Value,
                Index = chaining.Groups["index"].Success ? int.Parse(chaining.Groups["index"].Value, CultureInfo.InvariantCulture) : null,
                Key = chaining.Groups["key"].Value,
            };
        }

        var loop = LoopPattern().Match(trimmed);
        if (loop.Success)
        {
            return new Reference(trimmed, ReferenceKind.Loop) { Scope = loop.Groups["loop"].Value, Key = loop.Groups["prop"].Value };
        }

        return new Reference(trimmed, LooksLikeGoTemplate(trimmed) ? ReferenceKind.ForeignTemplate : ReferenceKind.Malformed);
    }

    /// <summary>Go template actions start with a field (.X), a variable ($x) or one of the template keywords and built-in functions.</summary>
    private static bool LooksLikeGoTemplate(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (text[0] is '.' or '$' or '-' or '/')
        {
            return true;
        }

        var end = text.IndexOfAny([' ', '\t']);
        var word = end < 0 ? text : text[..end];
        return end > 0 && GoTemplateWords.Contains(word);
    }

    private static readonly HashSet<string> GoTemplateWords = new(StringComparer.Ordinal)
    {
        "range", "if", "else", "end", "with", "define", "template", "block", "json", "index", "printf", "print", "println",
        "len", "join", "lower", "upper", "title", "split", "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "slice", "call", "table",
    };

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^(?<prefix>env|context|aws:ssm|aws:imds):(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PrefixedPattern();

    [GeneratedRegex(@"^(?<phase>[A-Za-z0-9_-]+)\.(?<step>[A-Za-z0-9_-]+)\.(?<dir>inputs|outputs)(\[\s*(?<index>[0-9]+)\s*\])?\.(?<key>[A-Za-z0-9_-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ChainingPattern();

    [GeneratedRegex(@"^(?<loop>[A-Za-z0-9_-]+)\.(?<prop>index|value)$", RegexOptions.CultureInvariant)]
    private static partial Regex LoopPattern();
}

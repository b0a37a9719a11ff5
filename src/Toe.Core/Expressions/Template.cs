using System.Text;
using System.Text.RegularExpressions;

namespace Toe.Expressions;

/// <summary>
/// A string with <c>{{ ... }}</c> references. AWSTOE trims spaces inside the braces; text outside
/// them is kept byte for byte (shell <c>${VAR}</c> is never a reference).
/// </summary>
public sealed partial class Template
{
    private Template(string text, IReadOnlyList<Match> matches)
    {
        Text = text;
        _matches = matches;
        References = matches.Select(m => (Reference.Parse(m.Groups["expr"].Value), m.Index)).ToList();
    }

    private readonly IReadOnlyList<Match> _matches;

    public string Text { get; }

    /// <summary>Each reference with the character offset of its opening braces within <see cref="Text"/>.</summary>
    public IReadOnlyList<(Reference Reference, int Offset)> References { get; }

    public bool HasReferences => _matches.Count > 0;

    public static Template Parse(string text) => new(text, text.Contains("{{", StringComparison.Ordinal) ? ReferencePattern().Matches(text).ToList() : []);

    public static bool ContainsReference(string text) => text.Contains("{{", StringComparison.Ordinal) && ReferencePattern().IsMatch(text);

    /// <summary>Replaces each reference with what <paramref name="resolve"/> returns; null leaves the reference as written.</summary>
    public string Render(Func<Reference, string?> resolve)
    {
        if (_matches.Count == 0)
        {
            return Text;
        }

        var builder = new StringBuilder(Text.Length);
        var last = 0;
        for (var i = 0; i < _matches.Count; i++)
        {
            var match = _matches[i];
            builder.Append(Text, last, match.Index - last);
            builder.Append(resolve(References[i].Reference) ?? match.Value);
            last = match.Index + match.Length;
        }

        builder.Append(Text, last, Text.Length - last);
        return builder.ToString();
    }

    [GeneratedRegex(@"\{\{(?<expr>[^{}]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}

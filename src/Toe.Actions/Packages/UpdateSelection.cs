using System.IO.Enumeration;

namespace Toe.Actions.Packages;

/// <summary>
/// The <c>include</c> and <c>exclude</c> lists of UpdateOS: package names, or globs with <c>*</c> and <c>?</c>.
/// Empty include: every available update. Both given: the included packages that are not excluded (the page's rule).
/// </summary>
public sealed record UpdateSelection(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    public static UpdateSelection All { get; } = new([], []);

    /// <summary>
    /// Checks the names: no empty names, no spaces, none starting with '-' (it would reach the package manager as an
    /// option). Null when all are fine, else the message.
    /// </summary>
    public string? Problem()
    {
        foreach (var (list, name) in new[] { ("include", Include), ("exclude", Exclude) }.SelectMany(p => p.Item2.Select(n => (p.Item1, n))))
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return $"input '{list}' has an empty package name";
            }

            if (name.StartsWith('-') || name.Any(char.IsWhiteSpace))
            {
                return $"input '{list}' has '{name}', which is not a package name (one name or glob per list item, no spaces, not starting with '-')";
            }
        }

        return null;
    }

    /// <summary>True when the package name matches one of the exclude globs.</summary>
    public bool IsExcluded(string package) => Exclude.Any(pattern => Matches(pattern, package));

    /// <summary>The names that are not excluded, in order, without duplicates.</summary>
    public IReadOnlyList<string> WithoutExcluded(IEnumerable<string> packages) => [.. packages.Where(p => !IsExcluded(p)).Distinct(StringComparer.Ordinal)];

    /// <summary>A glob with '*' and '?', case-sensitive as package names are.</summary>
    public static bool Matches(string pattern, string name) =>
        FileSystemName.MatchesSimpleExpression(pattern.Replace("\\", "\\\\", StringComparison.Ordinal), name, ignoreCase: false);
}

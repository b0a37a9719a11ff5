using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// A parameter definition documents type, default and description. Other keys (an AWS sample uses
/// <c>allowedValues</c>) are kept and ignored, with a warning so that nobody relies on them.
/// </summary>
internal static class ParameterKeyRule
{
    private static readonly string[] Documented = ["type", "default", "description"];

    public static void Check(RuleContext context)
    {
        foreach (var parameter in context.Document.Parameters)
        {
            if (parameter.Node is null)
            {
                continue;
            }

            foreach (var entry in parameter.Node.Entries.Where(e => !Documented.Contains(e.Key.Value, StringComparer.Ordinal)))
            {
                var suggestion = Suggest.Closest(entry.Key.Value, Documented) is { } near ? $"; did you mean '{near}'?" : string.Empty;
                context.Warning(DiagnosticCodes.UnknownParameterKey, entry.Key, $"parameter '{parameter.Name}': '{entry.Key.Value}' is not a parameter key AWSTOE documents (type, default, description); it is kept and ignored, nothing enforces it{suggestion}");
            }
        }
    }
}

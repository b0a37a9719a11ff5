using System.Globalization;
using System.Text.RegularExpressions;
using Toe.Documents;

namespace Toe.Aws.Fleet;

/// <summary>
/// The executionTimeout of the SSM command, sized from the documents: every step that can run (the
/// selected phases) may take its timeoutSeconds once per attempt (maxAttempts), one after the other. A
/// loop runs all its iterations under the step's one timeout, and ExecuteDocument's nested steps under
/// its own, so neither multiplies. A timeout that is a parameter reference is read from --parameters or
/// the parameter's default; anything else unknown counts as AWSTOE's default of 7200 s. A step with
/// timeoutSeconds -1 (no limit) makes the command take SSM's maximum.
/// The margin covers what runs around the steps: fetching toe and the documents, and the log upload.
/// </summary>
public static partial class CommandTimeout
{
    /// <summary>SSM's largest executionTimeout for AWS-RunShellScript (48 hours).</summary>
    public const int SsmMaximum = 172800;

    /// <summary>Added to the steps' sum: start-up, downloads and the log upload.</summary>
    public const int MarginSeconds = 600;

    /// <summary>The sum, plus 10% and <see cref="MarginSeconds"/>, capped at <see cref="SsmMaximum"/>.</summary>
    public static int Compute(IEnumerable<ComponentDocument> documents, IReadOnlySet<string>? phases, IReadOnlyDictionary<string, string> parameters)
    {
        long total = 0;
        foreach (var document in documents)
        {
            foreach (var phase in document.Phases.Where(p => phases is null || phases.Contains(p.Name)))
            {
                foreach (var step in phase.Steps)
                {
                    var timeout = Number(step.TimeoutSecondsText, document, parameters, Step.DefaultTimeoutSeconds);
                    if (timeout < 0)
                    {
                        return SsmMaximum;
                    }

                    total += (long)timeout * Math.Max(1, Number(step.MaxAttemptsText, document, parameters, 1));
                }
            }
        }

        var withMargin = total + (total / 10) + MarginSeconds;
        return (int)Math.Min(SsmMaximum, withMargin);
    }

    private static int Number(string text, ComponentDocument document, IReadOnlyDictionary<string, string> parameters, int fallback)
    {
        var value = text.Trim();
        if (ParameterReference().Match(value) is { Success: true } reference)
        {
            var name = reference.Groups[1].Value;
            value = parameters.TryGetValue(name, out var given) ? given
                : document.Parameters.FirstOrDefault(p => p.Name == name)?.Default ?? string.Empty;
        }

        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : fallback;
    }

    [GeneratedRegex(@"^\{\{\s*([A-Za-z0-9_\-]+)\s*\}\}$")]
    private static partial Regex ParameterReference();
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Toe.Aws.Fleet;

/// <summary>
/// Reads the run summary an instance printed (the command's StandardOutputContent): the last line that
/// is a JSON object with a "status". toe and awstoe print it as one line on stdout. The failed step is
/// taken from failureMessage ("... step 'Name': ..."), as neither summary has a field for it.
/// </summary>
public static partial class RunSummaryOutput
{
    public sealed record Summary(string Status, string FailureMessage, string LogUrl, string ExecutionId)
    {
        public string FailedStep => StepName().Match(FailureMessage) is { Success: true } match ? match.Groups[1].Value : string.Empty;
    }

    public static Summary? Find(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        foreach (var line in output.Split('\n').Select(l => l.Trim()).Reverse())
        {
            if (!line.StartsWith('{') || !line.EndsWith('}'))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var status))
                {
                    return new Summary(status.GetString() ?? string.Empty, Text(json.RootElement, "failureMessage"), Text(json.RootElement, "logUrl"), Text(json.RootElement, "executionId"));
                }
            }
            catch (JsonException)
            {
                // Not the summary: a step's output that happens to start with a brace.
            }
        }

        return null;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    [GeneratedRegex(@"step '([^']+)'")]
    private static partial Regex StepName();
}

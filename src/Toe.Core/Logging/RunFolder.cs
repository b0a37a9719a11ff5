using Toe.Reports;

namespace Toe.Logging;

/// <summary>The run's log folder and the names of the files in it.</summary>
public static class RunFolder
{
    public const string DetailedOutputFile = "detailedoutput.json";
    public const string ConsoleLogFile = "console.log";
    public const string ApplicationLogFile = "application.log";
    public const string ChainingFile = "chaining.json";
    public const string StepsFolder = "steps";

    /// <summary><c>TOE_&lt;yyyy-MM-dd_HH-mm-ss&gt;_UTC-0_&lt;executionId&gt;</c>, the time in UTC.</summary>
    public static string Name(DateTimeOffset start, string executionId) =>
        $"TOE_{Timestamps.FolderStamp(start)}_UTC-0_{executionId}";

    /// <summary>
    /// The copy of the n-th input document (1-based): <c>document.yaml</c> for the first, then
    /// <c>document-2.yaml</c>, <c>document-3.yaml</c>, ... in run order.
    /// </summary>
    public static string DocumentFileName(int index) => index <= 1 ? "document.yaml" : $"document-{index}.yaml";

    /// <summary>
    /// Whether an execution id can be part of the log folder's name. One rule for the CLI (which refuses
    /// before anything runs) and the engine (which library callers reach directly).
    /// </summary>
    public static bool IsUsableExecutionId(string id) =>
        !string.IsNullOrWhiteSpace(id) && id is not "." and not ".." && id.IndexOfAny(['/', '\\', '\0', ':', '*', '?', '"', '<', '>', '|']) < 0;

    /// <summary>A name safe as one path segment: anything but letters, digits, '-', '_' and '.' becomes '_'.</summary>
    public static string SafeSegment(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                chars[i] = '_';
            }
        }

        var safe = new string(chars);
        return safe is "." or ".." ? "_" : safe;
    }
}

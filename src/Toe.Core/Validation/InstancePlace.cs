using System.Globalization;
using System.Text;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Where a node sits in a document, said the way a person would: the subject ("step 'Install'",
/// "phase 'build'", "parameter 'Source'") and the field inside it ("inputs[0].source").
/// </summary>
internal sealed record InstancePlace(string Subject, string Field, string? Action)
{
    /// <summary>"step 'Install': " or nothing for top-level keys.</summary>
    public string Prefix => Subject.Length == 0 ? string.Empty : Subject + ": ";

    public bool IsInInputs => Field == "inputs" || Field.StartsWith("inputs.", StringComparison.Ordinal) || Field.StartsWith("inputs[", StringComparison.Ordinal);

    public static InstancePlace Of(YNode root, IReadOnlyList<string> segments)
    {
        if (segments.Count >= 2 && segments[0] == "phases" && Item(root.Child("phases"), segments[1]) is { } phase)
        {
            var phaseLabel = Label("phase", phase, segments[1]);
            if (segments.Count >= 4 && segments[2] == "steps" && Item(phase.Child("steps"), segments[3]) is { } step)
            {
                var stepLabel = Label("step", step, segments[3], $" of {phaseLabel}");
                return new InstancePlace(stepLabel, Join(step, segments, 4), DocumentModelBuilder.Text(step.Child("action")));
            }

            return new InstancePlace(phaseLabel, Join(phase, segments, 2), null);
        }

        if (segments.Count >= 2 && segments[0] is "parameters" or "constants" && Item(root.Child(segments[0]), segments[1]) is { } entry)
        {
            var kind = segments[0] == "parameters" ? "parameter" : "constant";
            if (segments.Count >= 3 && entry is YMapping entryMap && entryMap[segments[2]] is { } definition)
            {
                return new InstancePlace($"{kind} '{Shorten.Name(segments[2])}'", Join(definition, segments, 3), null);
            }

            return new InstancePlace($"{kind} #{Number(segments[1])}", string.Empty, null);
        }

        return new InstancePlace(string.Empty, Join(root, segments, 0), null);
    }

    private static YNode? Item(YNode? list, string segment) =>
        list is YSequence sequence && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sequence.Items.Count
            ? sequence.Items[index]
            : null;

    /// <summary>"step 'Install'", or "step #3 of phase 'build'" when it has no name.</summary>
    private static string Label(string kind, YNode node, string indexSegment, string unnamedSuffix = "") =>
        DocumentModelBuilder.Text(node.Child("name")) is { Length: > 0 } name ? $"{kind} '{Shorten.Name(name)}'" : $"{kind} #{Number(indexSegment)}{unnamedSuffix}";

    private static int Number(string indexSegment) => int.Parse(indexSegment, CultureInfo.InvariantCulture) + 1;

    /// <summary>Joins segments from <paramref name="start"/> as <c>inputs[0].source</c>, walking the tree to tell list indexes from keys.</summary>
    private static string Join(YNode start, IReadOnlyList<string> segments, int from)
    {
        var builder = new StringBuilder();
        YNode? current = start;
        for (var i = from; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (current is YSequence list)
            {
                builder.Append('[').Append(segment).Append(']');
                current = Item(list, segment);
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(segment);
            current = current is YMapping map ? map[segment] : null;
        }

        return builder.ToString();
    }
}

internal static class YNodeExtensions
{
    /// <summary>The value under <paramref name="key"/> when the node is a mapping.</summary>
    public static YNode? Child(this YNode? node, string key) => node is YMapping map ? map[key] : null;
}

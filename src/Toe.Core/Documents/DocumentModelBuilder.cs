namespace Toe.Documents;

/// <summary>
/// Extracts a <see cref="ComponentDocument"/> from a YAML tree. Lenient on purpose: anything of the
/// wrong shape is skipped (the validator reports it with its position), so this never fails.
/// </summary>
public static class DocumentModelBuilder
{
    public static ComponentDocument Build(YMapping root, string source, string filePath, string text) => new()
    {
        Source = source,
        FilePath = filePath,
        Root = root,
        Text = text,
        Name = Text(root["name"]),
        Description = Text(root["description"]),
        SchemaVersion = Text(root["schemaVersion"]),
        DisableLogging = Flag(root["disableLogging"]),
        Parameters = Parameters(root["parameters"]),
        Constants = Constants(root["constants"]),
        Phases = Phases(root["phases"]),
    };

    /// <summary>The text of a scalar, or null for anything else (a list, a mapping, an explicit null).</summary>
    public static string? Text(YNode? node) => node is YScalar { IsNull: false } s ? s.Value : null;

    public static bool Flag(YNode? node) => node is YScalar s && ScalarTyping.TryGetBoolean(s, out var b) && b;

    private static IReadOnlyList<ParameterDefinition> Parameters(YNode? node)
    {
        var result = new List<ParameterDefinition>();
        foreach (var (name, body, location) in OneKeyMaps(node))
        {
            result.Add(new ParameterDefinition(name, Text(body?["type"]), Text(body?["default"]), Text(body?["description"]), location, body));
        }

        return result;
    }

    private static IReadOnlyList<ConstantDefinition> Constants(YNode? node)
    {
        var result = new List<ConstantDefinition>();
        foreach (var (name, body, location) in OneKeyMaps(node))
        {
            result.Add(new ConstantDefinition(name, Text(body?["type"]), Text(body?["value"]), location, body));
        }

        return result;
    }

    /// <summary>Parameters and constants are written as a list of one-key maps: <c>- Name: { type: string, ... }</c>.</summary>
    private static IEnumerable<(string Name, YMapping? Body, Diagnostics.SourceLocation Location)> OneKeyMaps(YNode? node)
    {
        if (node is not YSequence sequence)
        {
            yield break;
        }

        foreach (var item in sequence.Items)
        {
            if (item is not YMapping map)
            {
                continue;
            }

            foreach (var entry in map.Entries)
            {
                yield return (entry.Key.Value, entry.Value as YMapping, entry.Key.Location);
            }
        }
    }

    private static IReadOnlyList<Phase> Phases(YNode? node)
    {
        var phases = new List<Phase>();
        if (node is not YSequence sequence)
        {
            return phases;
        }

        foreach (var item in sequence.Items)
        {
            if (item is not YMapping map)
            {
                continue;
            }

            var steps = new List<Step>();
            if (map["steps"] is YSequence stepList)
            {
                foreach (var stepNode in stepList.Items)
                {
                    if (stepNode is YMapping stepMap)
                    {
                        steps.Add(BuildStep(stepMap));
                    }
                }
            }

            phases.Add(new Phase(Text(map["name"]) ?? string.Empty, steps, Flag(map["disableLogging"]), map.Location, map));
        }

        return phases;
    }

    private static Step BuildStep(YMapping map) => new()
    {
        Name = Text(map["name"]) ?? string.Empty,
        Action = Text(map["action"]) ?? string.Empty,
        Location = map.Location,
        Node = map,
        Inputs = map["inputs"],
        OnFailureText = Text(map["onFailure"]) ?? nameof(OnFailure.Abort),
        TimeoutSecondsText = Text(map["timeoutSeconds"]) ?? Step.DefaultTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        MaxAttemptsText = Text(map["maxAttempts"]) ?? "1",
        Loop = map["loop"],
        If = map["if"],
        DisableLogging = Flag(map["disableLogging"]),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Toe.Validation;

/// <summary>
/// The component-document JSON Schema, built once per process from the embedded resource (the same
/// file editors use: schemas/component-document.schema.json). Keeps the raw JSON too, so that
/// messages can quote what the schema allows (the keys of an input, the values of an enum).
/// </summary>
/// <remarks>
/// The schema picks each step's inputs with 30 <c>if action == X then ...</c> branches; JsonSchema.Net
/// evaluates all 30 for every step, which made that one <c>allOf</c> ~90% of the cost of validation.
/// So Toe evaluates a copy without those branches, then for each step only the branch of its own
/// action (read from the same file), and maps the results back onto the schema as written. A test
/// checks that the verdict equals that of the schema evaluated as written.
/// </remarks>
internal sealed class ComponentSchema
{
    public const string ResourceName = "component-document.schema.json";

    /// <summary>First of the static fields: the library's dialects must be loaded before its options and schemas are made.</summary>
    private static readonly bool LibraryLoaded = LoadLibrary();

    private static readonly Lazy<ComponentSchema> Embedded = new(() => Load(QuickSchemaSource.Embedded.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag };

    private static readonly EvaluationOptions Hierarchical = new() { OutputFormat = OutputFormat.Hierarchical };

    private readonly JsonSchema _document;
    private readonly Dictionary<string, ActionBranch> _branches;

    private ComponentSchema(JsonObject raw, JsonSchema document, Dictionary<string, ActionBranch> branches)
    {
        Raw = raw;
        _document = document;
        _branches = branches;
    }

    public static ComponentSchema Instance => Embedded.Value;

    /// <summary>The schema file as written; messages read allowed keys and values from it.</summary>
    public JsonObject Raw { get; }

    public bool IsValid(JsonElement document) => QuickVerdict(document) ?? Evaluate(document, Flag, stopAtFirstFailure: true).All(e => e.Results.IsValid);

    /// <summary>Detailed results: one for the document, one per step whose action has a branch.</summary>
    public IReadOnlyList<SchemaEvaluation> Explain(JsonElement document) => Evaluate(document, Hierarchical, stopAtFirstFailure: false);

    /// <summary>From this many steps on, <see cref="IsValid"/> checks the steps' inputs on a second thread.</summary>
    private const int ParallelFrom = 24;

    private List<SchemaEvaluation> Evaluate(JsonElement document, EvaluationOptions options, bool stopAtFirstFailure)
    {
        var evaluations = new List<SchemaEvaluation> { new(_document.Evaluate(document, options), [], []) };
        if (stopAtFirstFailure && !evaluations[0].Results.IsValid)
        {
            return evaluations;
        }

        foreach (var (step, phaseIndex, stepIndex) in Steps(document))
        {
            if (step.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                && _branches.TryGetValue(action.GetString()!, out var branch))
            {
                var results = branch.Schema.Evaluate(step, options);
                evaluations.Add(new SchemaEvaluation(results, ["phases", phaseIndex, "steps", stepIndex], branch.PathInSchema));
                if (stopAtFirstFailure && !results.IsValid)
                {
                    break;
                }
            }
        }

        return evaluations;
    }

    /// <summary>
    /// The yes/no verdict for a document with many steps, in about half the time: the document as a whole is evaluated
    /// on this thread while its steps' inputs are evaluated against their actions' branches on another (for a document
    /// of 200 steps, 3.5 and 3.2 ms, the largest part of the start-up, docs/performance.md). JsonSchema.Net 8 builds a
    /// schema completely before evaluating it (its 8.0 release notes: "split evaluation into two phases: build and
    /// evaluation"), and the two threads evaluate different subschemas; what could still be resolved on first use (a
    /// branch wrapper's <c>$ref</c>) is, because each action's branch is evaluated once here, alone, before the threads
    /// start. SchemaEquivalenceTests compares the verdicts with the schema as written, repeatedly. Null for fewer than <see cref="ParallelFrom"/> steps
    /// (a second thread would cost more than it saves), and the caller evaluates as usual.
    /// </summary>
    private bool? QuickVerdict(JsonElement document)
    {
        var options = Flag;
        var branched = new List<(JsonElement Step, ActionBranch Branch)>();
        foreach (var (step, _, _) in Steps(document))
        {
            if (step.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                && _branches.TryGetValue(action.GetString()!, out var branch))
            {
                branched.Add((step, branch));
            }
        }

        if (branched.Count < ParallelFrom)
        {
            return null;
        }

        var rest = new List<(JsonElement Step, ActionBranch Branch)>(branched.Count);
        var warmed = new HashSet<ActionBranch>(ReferenceEqualityComparer.Instance);
        foreach (var (step, branch) in branched)
        {
            if (!warmed.Add(branch))
            {
                rest.Add((step, branch));
            }
            else if (!branch.Schema.Evaluate(step, options).IsValid)
            {
                return false;
            }
        }

        var steps = Task.Factory.StartNew(() => rest.TrueForAll(s => s.Branch.Schema.Evaluate(s.Step, options).IsValid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var whole = _document.Evaluate(document, options).IsValid;
        return steps.GetAwaiter().GetResult() && whole;
    }

    private static IEnumerable<(JsonElement Step, string PhaseIndex, string StepIndex)> Steps(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("phases", out var phases) || phases.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var phaseIndex = 0;
        foreach (var phase in phases.EnumerateArray())
        {
            if (phase.ValueKind == JsonValueKind.Object && phase.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
            {
                var stepIndex = 0;
                foreach (var step in steps.EnumerateArray())
                {
                    if (step.ValueKind == JsonValueKind.Object)
                    {
                        yield return (step, Index(phaseIndex), Index(stepIndex));
                    }

                    stepIndex++;
                }
            }

            phaseIndex++;
        }
    }

    private static string Index(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Follows an evaluation path (as JsonSchema.Net reports it) through the raw schema, resolving
    /// <c>$ref</c>s, and returns one frame per keyword passed.
    /// </summary>
    public IReadOnlyList<SchemaFrame> Walk(IReadOnlyList<string> evaluationPath)
    {
        var frames = new List<SchemaFrame> { new(string.Empty, null, Raw, null) };
        JsonNode? current = Raw;
        for (var i = 0; i < evaluationPath.Count; i++)
        {
            var keyword = evaluationPath[i];
            if (current is not JsonObject schema)
            {
                break;
            }

            if (keyword == "$ref")
            {
                var reference = schema["$ref"]?.GetValue<string>() ?? string.Empty;
                current = Resolve(reference);
                frames.Add(new SchemaFrame(keyword, null, current, DefinitionName(reference)));
                continue;
            }

            if (!schema.TryGetPropertyValue(keyword, out var next))
            {
                // JsonSchema.Net repeats some keywords in evaluation paths (".../items/items/$ref");
                // a segment the current subschema does not have adds nothing.
                continue;
            }

            string? name = null;
            if (keyword is "properties" or "patternProperties" or "$defs" or "dependentSchemas" or "allOf" or "anyOf" or "oneOf" or "prefixItems")
            {
                if (i + 1 >= evaluationPath.Count)
                {
                    frames.Add(new SchemaFrame(keyword, null, next, null));
                    break;
                }

                name = evaluationPath[++i];
                next = next switch
                {
                    JsonObject map => map[name],
                    JsonArray list when int.TryParse(name, out var index) && index < list.Count => list[index],
                    _ => null,
                };
            }

            frames.Add(new SchemaFrame(keyword, name, next, null));
            current = next;
        }

        return frames;
    }

    public JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = Raw;
        foreach (var segment in YamlJson.Segments(reference))
        {
            node = node is JsonObject map ? map[segment] : null;
        }

        return node;
    }

    private static string? DefinitionName(string reference) =>
        reference.StartsWith("#/$defs/", StringComparison.Ordinal) ? reference["#/$defs/".Length..] : null;

    private static ComponentSchema Load(QuickSchemaSource source)
    {
        var branches = source.Branches.ToDictionary(
            b => b.Key,
            b => new ActionBranch(new Lazy<JsonSchema>(() => JsonSchema.FromText(b.Value.Wrapper), LazyThreadSafetyMode.ExecutionAndPublication), b.Value.PathInSchema),
            StringComparer.Ordinal);

        // Built after the branch wrappers are declared but before they are evaluated: their $ref resolves lazily by $id.
        var compiled = JsonSchema.FromText(source.QuickText);
        return new ComponentSchema(source.Raw, compiled, branches);
    }

    /// <summary>The schema as written, without any of the above; only tests use it, to prove the verdicts equal.</summary>
    internal static JsonSchema BuildAsWritten() => LibraryLoaded ? JsonSchema.FromText(QuickSchemaSource.ReadResource()) : throw new InvalidOperationException();

    private static bool LoadLibrary()
    {
        JsonSchemaStartup.EnsureLoaded();
        return true;
    }
}

/// <summary>
/// Results of one evaluation, and where it sits in the whole: the instance path of the step it was
/// run on and the path of its branch in the schema file (both empty for the document itself).
/// </summary>
internal sealed record SchemaEvaluation(EvaluationResults Results, IReadOnlyList<string> InstancePrefix, IReadOnlyList<string> EvaluationPrefix);

internal sealed record ActionBranch(Lazy<JsonSchema> Wrapper, IReadOnlyList<string> PathInSchema)
{
    public JsonSchema Schema => Wrapper.Value;
}

/// <summary>
/// One keyword on an evaluation path: <c>properties</c> with <see cref="Name"/> "commands", <c>$ref</c>
/// into <see cref="Definition"/> "inputs.ExecuteBash", <c>then</c>, ... <see cref="Node"/> is the subschema reached.
/// </summary>
internal sealed record SchemaFrame(string Keyword, string? Name, JsonNode? Node, string? Definition)
{
    public JsonObject? Object => Node as JsonObject;
}

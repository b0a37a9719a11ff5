using System.Text.Json;
using Json.Schema;
using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Checks a document against schemas/component-document.schema.json and reports each failing leaf
/// at the YAML position of the node it concerns, in words that say what to change.
/// </summary>
public static class SchemaValidator
{
    public static IReadOnlyList<Diagnostic> Validate(ComponentDocument document) => Validate(document.Root, document.Source);

    public static IReadOnlyList<Diagnostic> Validate(YNode root, string source)
    {
        if (NestingGuard.Check(root, source) is { } tooDeep)
        {
            return [tooDeep];
        }

        // The JSON first: the schema may still be being built on another thread (DocumentValidator.Prepare).
        using var instance = YamlJson.ToJsonDocument(root);
        var schema = ComponentSchema.Instance;
        // Most documents are valid: the yes/no check is far cheaper than the detailed tree, which is
        // only built for documents that have errors.
        if (schema.IsValid(instance.RootElement))
        {
            return [];
        }


        var messages = new SchemaMessages(root, source);
        var diagnostics = new List<Diagnostic>();
        var seen = new HashSet<(int, int, string, string)>();
        foreach (var error in SchemaErrorCollector.Collect(schema.Explain(instance.RootElement), schema))
        {
            var diagnostic = messages.Describe(error);
            if (seen.Add((diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Code, diagnostic.Message)))
            {
                diagnostics.Add(diagnostic);
            }
        }

        return diagnostics;
    }
}

/// <summary>One failing keyword: where in the document (instance path) and where in the schema (frames).</summary>
internal sealed record SchemaError(IReadOnlyList<string> Instance, IReadOnlyList<SchemaFrame> Frames, string Keyword, string LibraryMessage)
{
    public SchemaFrame Last => Frames[^1];

    /// <summary>The frame <paramref name="back"/> places before the last one (0 = last).</summary>
    public SchemaFrame? Back(int back) => Frames.Count > back ? Frames[Frames.Count - 1 - back] : null;
}

/// <summary>
/// Walks JsonSchema.Net's hierarchical output and keeps the leaf causes only. A failing <c>if</c>
/// subschema is not an error (it selects <c>else</c>); failures under <c>not</c>, <c>anyOf</c> and
/// <c>oneOf</c> are reasons for their parent's verdict, reported once by that parent.
/// </summary>
internal static class SchemaErrorCollector
{
    public static IEnumerable<SchemaError> Collect(IReadOnlyList<SchemaEvaluation> evaluations, ComponentSchema schema)
    {
        var found = new List<SchemaError>();
        foreach (var evaluation in evaluations)
        {
            Collect(evaluation, schema, found);
        }

        return found;
    }

    private static void Collect(SchemaEvaluation evaluation, ComponentSchema schema, List<SchemaError> found)
    {
        var pending = new Stack<EvaluationResults>();
        pending.Push(evaluation.Results);
        var isBranch = evaluation.EvaluationPrefix.Count > 0;
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.IsValid)
            {
                continue;
            }

            if (node.Errors is { Count: > 0 } errors)
            {
                var path = YamlJson.Segments(node.EvaluationPath.ToString());
                if (isBranch)
                {
                    // A branch is evaluated through a one-line wrapper schema: drop its "$ref" and
                    // put the branch's place in the schema file in front.
                    path = [.. evaluation.EvaluationPrefix, .. path.Skip(path.Count > 0 && path[0] == "$ref" ? 1 : 0)];
                }

                var frames = schema.Walk(path);
                if (!IsExplanationOnly(frames))
                {
                    IReadOnlyList<string> instance = [.. evaluation.InstancePrefix, .. YamlJson.Segments(node.InstanceLocation.ToString())];
                    foreach (var (keyword, message) in errors)
                    {
                        found.Add(new SchemaError(instance, frames, keyword, message));
                    }
                }
            }

            if (node.Details is { } details)
            {
                for (var i = details.Count - 1; i >= 0; i--)
                {
                    pending.Push(details[i]);
                }
            }
        }
    }

    /// <summary>JsonSchema.Net puts the verdict of not/anyOf/oneOf on the parent; the results below them only explain it.</summary>
    private static bool IsExplanationOnly(IReadOnlyList<SchemaFrame> frames) =>
        frames.Any(frame => frame.Keyword is "if" or "not" or "anyOf" or "oneOf");
}

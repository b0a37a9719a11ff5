using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Names that must be unique: parameters and constants together (toe-user-defined-variables), phases
/// in a document, steps in a phase (toe-use-documents), and named loops in a phase (looping constructs).
/// Names compare case-sensitively, as references do.
/// </summary>
internal static class UniqueNameRule
{
    public static void Check(RuleContext context)
    {
        CheckVariables(context);

        var phases = new Dictionary<string, PhaseSite>(StringComparer.Ordinal);
        foreach (var phase in context.Phases)
        {
            if (phase.Name is { Length: > 0 } name && !phases.TryAdd(name, phase))
            {
                context.Error(DiagnosticCodes.DuplicatePhaseName, phase.Node["name"]!, $"phase name '{Shorten.Name(name)}' is used twice (first at line {phases[name].Node.Location.Line}); phase names must be unique in a document");
            }

            CheckSteps(context, phase);
        }
    }

    private static void CheckVariables(RuleContext context)
    {
        var seen = new Dictionary<string, (string Kind, YScalar Key)>(StringComparer.Ordinal);
        foreach (var (kind, key) in Declarations(context.Document.Root))
        {
            if (!seen.TryGetValue(key.Value, out var first))
            {
                seen[key.Value] = (kind, key);
                continue;
            }

            var what = first.Kind == kind ? $"{kind} '{key.Value}' is defined twice" : $"{kind} '{key.Value}' has the same name as {first.Kind} '{key.Value}'";
            context.Error(DiagnosticCodes.DuplicateVariableName, key, $"{what} (first at line {first.Key.Location.Line}); names must be unique among parameters and constants");
        }
    }

    /// <summary>Every parameter and constant name key, in document order (parameters first when written first).</summary>
    internal static IEnumerable<(string Kind, YScalar Key)> Declarations(YMapping root)
    {
        foreach (var entry in root.Entries)
        {
            var kind = entry.Key.Value switch
            {
                "parameters" => "parameter",
                "constants" => "constant",
                _ => null,
            };
            if (kind is null || entry.Value is not YSequence list)
            {
                continue;
            }

            foreach (var item in list.Items.OfType<YMapping>())
            {
                foreach (var definition in item.Entries)
                {
                    yield return (kind, definition.Key);
                }
            }
        }
    }

    private static void CheckSteps(RuleContext context, PhaseSite phase)
    {
        var steps = new Dictionary<string, StepSite>(StringComparer.Ordinal);
        var loops = new Dictionary<string, StepSite>(StringComparer.Ordinal);
        foreach (var step in phase.Steps)
        {
            if (step.Name is { Length: > 0 } name && !steps.TryAdd(name, step))
            {
                context.Error(DiagnosticCodes.DuplicateStepName, step.Node["name"]!, $"step name '{Shorten.Name(name)}' is used twice in {phase.Label} (first at line {steps[name].Node.Location.Line}); step names must be unique in their phase");
            }

            if (step.Loop?["name"] is YScalar { IsNull: false } loopName && !loops.TryAdd(loopName.Value, step))
            {
                context.Error(DiagnosticCodes.DuplicateLoopName, loopName, $"loop name '{Shorten.Name(loopName.Value)}' is used twice in {phase.Label} (first by {loops[loopName.Value].Label}); loop names must be unique in their phase");
            }
        }
    }
}

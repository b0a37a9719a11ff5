using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// The checks a JSON Schema cannot express: unique names, {{ }} references, condition shapes, loop
/// termination, blocked modules and OS platforms. Each rule reports its own TOE3xxx codes.
/// </summary>
public static class DocumentRules
{
    private static readonly Action<RuleContext>[] Rules =
    [
        UniqueNameRule.Check,
        ParameterKeyRule.Check,
        ReferenceRule.Check,
        ConditionRule.Check,
        LoopRule.Check,
        ModuleAvailabilityRule.Check,
        WindowsUnsupportedRule.Check,
    ];

    public static IReadOnlyList<Diagnostic> Check(ComponentDocument document, ValidationOptions options)
    {
        var context = new RuleContext(document, options);
        foreach (var rule in Rules)
        {
            rule(context);
        }

        return context.Diagnostics;
    }
}

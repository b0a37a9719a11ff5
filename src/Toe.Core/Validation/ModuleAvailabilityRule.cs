using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Modules the caller blocked (<c>--blocked-action-modules</c>: "a document using one fails
/// validation before execution") and modules that do not exist on the platform asked for.
/// </summary>
internal static class ModuleAvailabilityRule
{
    public static void Check(RuleContext context)
    {
        var platform = context.Options.Platform;
        foreach (var step in context.Steps)
        {
            if (step.Action is not { Length: > 0 } action || step.Node["action"] is not { } at)
            {
                continue;
            }

            if (context.Options.BlockedActionModules.Any(blocked => string.Equals(blocked.Trim(), action, StringComparison.OrdinalIgnoreCase)))
            {
                context.Error(DiagnosticCodes.BlockedActionModule, at, $"{step.Label}: action module {action} is blocked by --blocked-action-modules");
            }

            if (platform is { } wanted && ActionModuleCatalog.Find(action) is { } module && !module.Platforms.HasFlag(wanted))
            {
                context.Error(DiagnosticCodes.ModuleNotOnPlatform, at, $"{step.Label}: {action} runs only on {ActionModuleCatalog.Describe(module.Platforms)}, not on {context.Options.OsPlatform}");
            }
        }
    }
}

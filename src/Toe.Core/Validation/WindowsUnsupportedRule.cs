using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// When validating for Windows (<c>--os-platforms windows</c>): the modules labelled for every platform whose
/// pages nevertheless say "not supported on Windows" (CreateSymlink, SetFileOwner, SetFolderOwner,
/// SetFilePermissions, SetFolderPermissions), reported at the step's action, and the owner, group and
/// permissions inputs of CreateFile and CreateFolder ("This action module validates and returns an error if
/// the owner, group, and permissions options are used on Windows platforms"), reported at each input.
/// </summary>
internal static class WindowsUnsupportedRule
{
    private static readonly HashSet<string> PosixModules = new(StringComparer.Ordinal)
    {
        "CreateSymlink", "SetFileOwner", "SetFolderOwner", "SetFilePermissions", "SetFolderPermissions",
    };

    private static readonly HashSet<string> CreatingModules = new(StringComparer.Ordinal) { "CreateFile", "CreateFolder" };

    private static readonly HashSet<string> PosixInputs = new(StringComparer.Ordinal) { "owner", "group", "permissions" };

    public static void Check(RuleContext context)
    {
        if (context.Options.Platform != OsPlatforms.Windows)
        {
            return;
        }

        foreach (var step in context.Steps)
        {
            if (step.Action is not { } action)
            {
                continue;
            }

            if (PosixModules.Contains(action) && step.Node["action"] is { } at)
            {
                context.Error(DiagnosticCodes.NotSupportedOnWindows, at, $"{step.Label}: {action} is not supported on Windows; it changes POSIX links, owners or permissions, which Windows does not have");
            }
            else if (CreatingModules.Contains(action))
            {
                CheckItems(context, step, action);
            }
        }
    }

    private static void CheckItems(RuleContext context, StepSite step, string action)
    {
        var items = step.Inputs switch
        {
            YSequence list => list.Items.OfType<YMapping>().ToList(),
            YMapping single => [single],
            _ => [],
        };
        foreach (var item in items)
        {
            foreach (var key in item.Entries.Select(e => e.Key).Where(k => PosixInputs.Contains(k.Value)))
            {
                context.Error(DiagnosticCodes.NotSupportedOnWindows, key, $"{step.Label}: {action} input '{key.Value}' is not supported on Windows; owner, group and permissions exist only on Linux and macOS");
            }
        }
    }
}

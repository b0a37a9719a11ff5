using System.Runtime.Versioning;
using System.Security;
using System.Text.Json.Nodes;
using Microsoft.Win32;
using Toe.Actions.Windows;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// SetRegistry (Windows): each item sets one registry value, creating the key when missing. Every item is
/// checked (<see cref="RegistryOperation.Parse"/>) before the first one is written, so a typo in the last item
/// does not leave the first ones applied. The registry is written through the .NET registry API, 64-bit view.
/// </summary>
public sealed class SetRegistry : IActionModule
{
    public string Name => "SetRegistry";

    public Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            return Task.FromResult(WindowsOnly.Failure(Name));
        }

        if (!TryParseAll(context.Inputs, out var operations, out var failure))
        {
            return Task.FromResult(ActionResult.Failed($"{Name}: {failure}"));
        }

        for (var i = 0; i < operations.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = operations[i];
            try
            {
                Apply(operation);
                context.Log.Debug($"set {operation.KeyPath} value '{operation.Name}' ({operation.Kind})");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException or ArgumentException)
            {
                return Task.FromResult(ActionResult.Failed($"{Name}: {Where(i, operations.Count)}'{operation.KeyPath}' value '{operation.Name}': {ex.Message}"));
            }
        }

        return Task.FromResult(ActionResult.Succeeded());
    }

    /// <summary>Checks every item; false with a message naming the first bad item and input.</summary>
    public static bool TryParseAll(JsonNode? inputs, out List<RegistryOperation> operations, out string failure)
    {
        operations = [];
        failure = string.Empty;
        var items = inputs switch
        {
            JsonArray list => list,
            JsonObject single => [single.DeepClone()], // lenient: one operation written as a map (the validator warns)
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            failure = "inputs must be a list of registry values, e.g. '- path: HKLM:\\SOFTWARE\\Mine' with name, value and type";
            return false;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject map)
            {
                failure = $"item {i + 1} of inputs must be a mapping with path, name, value and type";
                return false;
            }

            var item = new ItemInputs(i, map);
            try
            {
                operations.Add(RegistryOperation.Parse(item));
            }
            catch (ItemFailedException ex)
            {
                var where = string.Join(' ', new[] { Where(i, items.Count).Trim(), item.Subject, Describe(item) }.Where(part => part.Length > 0));
                failure = where.Length == 0 ? ex.Message : $"{where}: {ex.Message}";
                return false;
            }
        }

        return true;
    }

    private static string Where(int index, int count) => count == 1 ? string.Empty : $"item {index + 1} of {count} ";

    private static string Describe(ItemInputs item)
    {
        try
        {
            return item.Optional("name") is { } name ? $"value '{name}'" : string.Empty;
        }
        catch (ItemFailedException)
        {
            return string.Empty;
        }
    }

    [SupportedOSPlatform("windows")]
    private static void Apply(RegistryOperation operation)
    {
        var hive = operation.Hive switch
        {
            RegistryRoot.ClassesRoot => RegistryHive.ClassesRoot,
            RegistryRoot.Users => RegistryHive.Users,
            RegistryRoot.LocalMachine => RegistryHive.LocalMachine,
            RegistryRoot.CurrentConfig => RegistryHive.CurrentConfig,
            _ => RegistryHive.CurrentUser,
        };
        var kind = operation.Kind switch
        {
            RegistryType.Binary => RegistryValueKind.Binary,
            RegistryType.DWord => RegistryValueKind.DWord,
            RegistryType.QWord => RegistryValueKind.QWord,
            RegistryType.ExpandString => RegistryValueKind.ExpandString,
            RegistryType.MultiString => RegistryValueKind.MultiString,
            _ => RegistryValueKind.String,
        };
        using var root = RegistryKey.OpenBaseKey(hive, RegistryView.Default);
        if (operation.SubKey.Length == 0)
        {
            root.SetValue(operation.Name, operation.Data, kind);
            return;
        }

        using var key = root.CreateSubKey(operation.SubKey, writable: true);
        key.SetValue(operation.Name, operation.Data, kind);
    }
}

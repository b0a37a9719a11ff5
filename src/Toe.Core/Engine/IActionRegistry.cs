using System.Diagnostics.CodeAnalysis;

namespace Toe.Engine;

/// <summary>Maps action names as written in documents to modules.</summary>
public interface IActionRegistry
{
    bool TryGet(string actionName, [NotNullWhen(true)] out IActionModule? module);

    IReadOnlyCollection<string> Names { get; }
}

/// <summary>
/// A simple registry. Names are matched exactly first, then ignoring case (the validator is the
/// place that insists on the documented spelling).
/// </summary>
public sealed class ActionRegistry : IActionRegistry
{
    private readonly Dictionary<string, IActionModule> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActionModule> _ignoringCase = new(StringComparer.OrdinalIgnoreCase);

    public ActionRegistry(IEnumerable<IActionModule>? modules = null)
    {
        foreach (var module in modules ?? [])
        {
            Add(module);
        }
    }

    public IReadOnlyCollection<string> Names => _exact.Keys;

    /// <summary>Adds or replaces the module registered under its name.</summary>
    public ActionRegistry Add(IActionModule module)
    {
        _exact[module.Name] = module;
        _ignoringCase[module.Name] = module;
        return this;
    }

    public bool TryGet(string actionName, [NotNullWhen(true)] out IActionModule? module) =>
        _exact.TryGetValue(actionName, out module) || _ignoringCase.TryGetValue(actionName, out module);
}

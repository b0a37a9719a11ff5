using Toe.Engine;

namespace Toe.Actions;

/// <summary>A documented action module Toe does not implement yet: the step fails and says so.</summary>
public sealed class NotImplementedModule : IActionModule
{
    public NotImplementedModule(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActionResult.Failed($"action module {Name} is not implemented yet in Toe"));
}

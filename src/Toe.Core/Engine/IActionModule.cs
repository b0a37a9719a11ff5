namespace Toe.Engine;

/// <summary>
/// One action module (ExecuteBash, S3Download, ...). A module gets its inputs already resolved
/// (every <c>{{ }}</c> replaced) and returns a result; it never throws for an ordinary failure.
/// Modules must honour the cancellation token (step timeout or interruption): the engine tells
/// the two apart, the module does not need to.
/// </summary>
public interface IActionModule
{
    /// <summary>The action name as written in documents, e.g. "ExecuteBash".</summary>
    string Name { get; }

    Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// Base of the modules whose <c>inputs</c> is a list of operations (the file-system modules, S3Download,
/// S3Upload, WebDownload): each item runs in order, and the step fails at the first failing item with a
/// message naming the item and its path. Later items do not run. Items that already ran are not undone
/// (AWSTOE does not roll back either); each item itself leaves nothing half-written.
/// </summary>
public abstract class ListInputModule : IActionModule
{
    public abstract string Name { get; }

    /// <summary>The output key this module sets (ListFiles: <c>files</c>), or null for modules without outputs.</summary>
    protected virtual string? OutputName => null;

    /// <summary>How the values of several items are joined into the one output value.</summary>
    protected virtual string OutputSeparator => ",";

    /// <summary>How failure messages name an item; a module whose inputs may hold secrets (URLs) redacts them here.</summary>
    protected virtual string Describe(ItemInputs item) => item.Subject;

    /// <summary>
    /// Runs one item. Returns the item's output value (joined into <see cref="OutputName"/>) or null.
    /// Throws <see cref="ItemFailedException"/> for a failure the author can act on; IO and permission
    /// exceptions are turned into failures too.
    /// </summary>
    protected internal abstract Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken);

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var items = context.Inputs switch
        {
            JsonArray list => list,
            JsonObject single => [single.DeepClone()], // lenient: one operation written as a map (the validator warns)
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            return ActionResult.Failed($"{Name}: inputs must be a list of operations, e.g. '- path: /tmp/file'");
        }

        var values = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (items[i] is not JsonObject map)
            {
                return ActionResult.Failed($"{Name}: item {i + 1} of inputs must be a mapping of input names to values");
            }

            var item = new ItemInputs(i, map);
            try
            {
                var value = await ExecuteItemAsync(item, context, cancellationToken).ConfigureAwait(false);
                if (value is not null)
                {
                    values.Add(value);
                }
            }
            catch (ItemFailedException ex)
            {
                return Fail(item, items.Count, ex.Message);
            }
            catch (UnauthorizedAccessException ex)
            {
                return Fail(item, items.Count, "permission denied: " + ex.Message);
            }
            catch (IOException ex)
            {
                return Fail(item, items.Count, ex.Message);
            }
        }

        var outputs = new JsonObject();
        if (OutputName is { } name)
        {
            outputs[name] = string.Join(OutputSeparator, values);
        }

        return ActionResult.Succeeded(outputs);
    }

    private ActionResult Fail(ItemInputs item, int count, string message)
    {
        var subject = Describe(item);
        var where = count == 1 ? subject : $"item {item.Index + 1} of {count} {subject}";
        return ActionResult.Failed($"{Name}: {where.Trim()}: {message}");
    }
}

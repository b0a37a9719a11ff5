using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Toe.Engine;

/// <summary>
/// Runs every iteration of a loop step as one attempt: the engine's timeout and retries wrap this whole
/// call, so timeoutSeconds covers all iterations together and a retry starts again at iteration 0
/// (looping constructs, "Step fields"). Iterations stop at the first failure.
/// </summary>
internal static class LoopRun
{
    /// <summary>
    /// Characters kept per consolidated output key: the same bound as one ExecuteBash stdout (1 MiB), so a long
    /// loop cannot make chaining values and detailedoutput.json grow without end.
    /// </summary>
    public const int ConsolidatedLimit = 1024 * 1024;

    /// <param name="renderInputs">The step's inputs for one iteration; a non-null error fails that iteration.</param>
    /// <param name="execute">Runs the module once with the given inputs.</param>
    public static async Task<ActionResult> RunAsync(
        LoopExpansion loop,
        LoopProgress progress,
        ActionContext attempt,
        Func<LoopIteration, (JsonNode? Inputs, string? Error)> renderInputs,
        Func<ActionContext, CancellationToken, Task<ActionResult>> execute,
        CancellationToken cancellationToken)
    {
        progress.Reset();
        var outputs = new OutputConsolidation(attempt.Log);
        ActionResult? last = null;
        JsonArray? detailed = null;
        for (var index = 0; index < loop.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Current = index;
            var iteration = loop.Iteration(index);
            var (inputs, error) = renderInputs(iteration);
            if (error is not null)
            {
                progress.FailedIndex = index;
                return ActionResult.Failed(Failure(index, loop.Count, error), outputs: outputs.ToJson());
            }

            attempt.Log.Debug($"loop iteration {index} of {loop.Count}");
            last = await execute(ForIteration(attempt, inputs), cancellationToken).ConfigureAwait(false);

            // ExecuteDocument: each iteration's nested report is kept, in order, the failed one included.
            if (last.DetailedOutput is JsonArray reports)
            {
                detailed ??= [];
                foreach (var report in reports)
                {
                    detailed.Add(report?.DeepClone());
                }
            }

            if (last.Reboot is { } reboot)
            {
                // Resuming in the middle of a loop would need the loop's own progress saved; refused clearly instead.
                progress.FailedIndex = index;
                return ActionResult.Failed(Failure(index, loop.Count, $"{reboot.Reason}: the iteration asks for a reboot, and Toe does not resume inside a loop; move the step that reboots out of the loop"), last.ExitCode, outputs.ToJson()) with { DetailedOutput = detailed };
            }

            if (!last.Success)
            {
                progress.FailedIndex = index;

                // Only successful iterations are consolidated ("AWSTOE will not consolidate the outputs
                // of unsuccessful iterations").
                return ActionResult.Failed(Failure(index, loop.Count, last.FailureMessage ?? "it failed"), last.ExitCode, outputs.ToJson()) with { DetailedOutput = detailed };
            }

            outputs.Add(last.Outputs);
            progress.Succeeded++;
        }

        return ActionResult.Succeeded(outputs.ToJson(), last?.ExitCode) with { DetailedOutput = detailed };
    }

    /// <summary>
    /// Names the failed iteration (the docs: "failureMessage – Includes the iteration indices that failed").
    /// Iterations stop at the first failure, so there is one index; its own message is kept since it is only one.
    /// </summary>
    private static string Failure(int index, int count, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"loop iteration {index} (of {count}, counting from 0) failed: {message}");

    /// <summary>The attempt's context with one iteration's inputs (copy every property added to ActionContext).</summary>
    private static ActionContext ForIteration(ActionContext attempt, JsonNode? inputs) => new()
    {
        DocumentPath = attempt.DocumentPath,
        DocumentDirectory = attempt.DocumentDirectory,
        PhaseName = attempt.PhaseName,
        StepName = attempt.StepName,
        ActionName = attempt.ActionName,
        Inputs = inputs,
        ScratchDirectory = attempt.ScratchDirectory,
        Attempt = attempt.Attempt,
        MaxAttempts = attempt.MaxAttempts,
        Output = attempt.Output,
        ProcessRunner = attempt.ProcessRunner,
        Log = attempt.Log,
        DocumentChain = attempt.DocumentChain,
        Documents = attempt.Documents,
    };

    /// <summary>
    /// Per output key, the values of the successful iterations joined with "\n", in iteration order
    /// (the page's example: "Hello" and "World" give "Hello\nWorld"). Non-string values are joined as their JSON text.
    /// </summary>
    private sealed class OutputConsolidation(IStepLog log)
    {
        private readonly List<Entry> _keys = [];

        public void Add(JsonObject outputs)
        {
            foreach (var (key, value) in outputs)
            {
                var entry = _keys.Find(k => k.Key == key);
                if (entry is null)
                {
                    entry = new Entry(key);
                    _keys.Add(entry);
                }

                if (entry.Full)
                {
                    continue;
                }

                // Whole iteration values only: a value cut in the middle would read like a real one.
                var text = ChainingStore.ToText(value);
                var separator = entry.Count == 0 ? 0 : 1;
                if (entry.Text.Length + separator + text.Length > ConsolidatedLimit)
                {
                    entry.Full = true;
                    log.Warning($"the consolidated '{key}' output of the loop reached {ConsolidatedLimit} characters; later values are not kept (console.log has them all)");
                    continue;
                }

                if (separator == 1)
                {
                    entry.Text.Append('\n');
                }

                entry.Text.Append(text);
                entry.Count++;
            }
        }

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            foreach (var entry in _keys)
            {
                json[entry.Key] = entry.Text.ToString();
            }

            return json;
        }

        private sealed class Entry(string key)
        {
            public string Key { get; } = key;

            public StringBuilder Text { get; } = new();

            /// <summary>Values appended so far.</summary>
            public int Count { get; set; }

            public bool Full { get; set; }
        }
    }
}

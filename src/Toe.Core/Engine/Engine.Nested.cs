using Toe.Documents;
using Toe.Logging;
using Toe.Validation;

namespace Toe.Engine;

// ExecuteDocument support, kept apart from Engine.cs: a nested document runs as a Run of its own
// that shares the caller's log folder, console.log and application.log, and returns its report
// to the calling step instead of writing detailedoutput.json.
public sealed partial class Engine
{
    private const string ExecuteDocumentAction = "ExecuteDocument";

    private static bool IsExecuteDocument(Step step) => string.Equals(step.Action, ExecuteDocumentAction, StringComparison.OrdinalIgnoreCase);

    private sealed partial class Run
    {
        /// <summary>True for a run started by ExecuteDocument: its report goes to the calling step, not to files.</summary>
        private bool _nested;

        /// <summary>Where a nested run's step folders go (inside the calling step's folder, so names cannot clash).</summary>
        private string? _nestedStepsRoot;

        /// <summary>The documents above this run (full paths), for the cycle and depth checks.</summary>
        private IReadOnlyList<string> _parentChain = [];

        private string StepsRoot => _nestedStepsRoot ?? Path.Combine(_folder, RunFolder.StepsFolder);

        private IReadOnlyList<string> Chain(StepPlace place) => [.. _parentChain, place.Document.FilePath];

        /// <param name="quiet">The calling step has disableLogging: the nested document inherits it, so its steps log nothing either.</param>
        private sealed class NestedDocumentRunner(Run caller, IReadOnlyList<string> chain, string scratch, bool quiet) : IDocumentRunner
        {
            public ValidationOptions Validation => caller._request.Validation ?? ValidationOptions.Default;

            public Task<RunResult> RunAsync(NestedDocumentRequest request, CancellationToken cancellationToken)
            {
                var nestedRequest = new RunRequest
                {
                    Documents = [new DocumentRequest(quiet ? request.Document with { DisableLogging = true } : request.Document) { Parameters = request.Parameters }],
                    Phases = request.Phases,
                    ExecutionId = Guid.NewGuid().ToString(),
                    LogDirectory = caller._request.LogDirectory,
                    Trace = caller._request.Trace,
                    DescribeInterruption = caller._request.DescribeInterruption,
                    Validation = caller._request.Validation,
                };

                // The caller's observer is not told: it reports the top-level run (progress lines,
                // the final summary), and the calling step's own events cover the nested run.
                // The token is the calling step's, so an interruption ends the nested step's processes.
                var run = new Run(caller._engine, nestedRequest, caller._folder, caller._console, caller._log, NullRunObserver.Instance, caller._clock.Now, cancellationToken)
                {
                    _nested = true,
                    _nestedStepsRoot = Path.Combine(scratch, "nested"),
                    _parentChain = chain,
                };
                return run.ExecuteAsync();
            }
        }
    }
}

using Toe.Actions;
using Toe.Configuration;
using Toe.Documents;
using Toe.Engine;
using Toe.Reports;

namespace Toe.Cli;

/// <summary>Runs validated documents through the engine and prints the outcome.</summary>
internal static class RunOutput
{
    /// <summary>The summary awstoe prints when nothing could run (an invalid document, a bad flag).</summary>
    public static string NotRunSummary(string executionId, string message) =>
        new RunSummary { ExecutionId = executionId, Status = Statuses.Failed, FailureMessage = message }.ToJson();

    public static async Task<int> ExecuteAsync(RunSettings settings, IReadOnlyList<(DocumentInput Input, ComponentDocument Document)> documents, Interruption interruption, TextWriter stdout, TextWriter stderr)
    {
        var engine = new Toe.Engine.Engine(BuiltInActions.CreateRegistry());
        var request = new RunRequest
        {
            Documents = documents.Select(d => new DocumentRequest(d.Document) { Parameters = d.Input.Parameters }).ToList(),
            Phases = settings.Phases,
            ExecutionId = settings.ExecutionId,
            LogDirectory = settings.LogDirectory,
            Trace = settings.Trace,
            DescribeInterruption = () => interruption.Signal ?? "SIGINT/SIGTERM",
            // The same checks RunCommand made, for documents that ExecuteDocument runs.
            Validation = new Toe.Validation.ValidationOptions { BlockedActionModules = settings.BlockedActionModules, OsPlatform = Toe.Validation.ValidationOptions.HostOsPlatform },
        };

        var result = await engine.RunAsync(request, new ConsoleProgress(stderr), interruption.Token).ConfigureAwait(false);
        await stdout.WriteLineAsync(result.Summary.ToJson()).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        if (result.LogFolder is null)
        {
            await stderr.WriteLineAsync($"toe run: error: {result.Summary.FailureMessage}").ConfigureAwait(false);
        }

        // An interrupted run exits as shells report a signal (128 + number): 130 for SIGINT, 143 for SIGTERM.
        return interruption.Signal switch
        {
            "SIGINT" => 130,
            "SIGTERM" => 143,
            _ => result.ExitCode,
        };
    }
}

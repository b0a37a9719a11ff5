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

    public static async Task<int> ExecuteAsync(RunSettings settings, IReadOnlyList<(DocumentInput Input, ComponentDocument Document)> documents, RebootChoice reboot, Interruption interruption, TextWriter stdout, TextWriter stderr)
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

        var store = new Toe.Reboot.RunStateStore(settings.StateDirectory ?? Toe.Reboot.RunStateStore.DefaultDirectory());
        var identity = Toe.Reboot.RunIdentity.Compute(
            [.. documents.Select(d => new Toe.Reboot.RunIdentity.Document(d.Document.Source, d.Document.Text, d.Input.Parameters))], new Dictionary<string, string>(), settings.Phases);
        var resumable = new Toe.Reboot.ResumableRun(engine, store, Toe.Reboot.SystemRebootHost.Instance, reboot.Mode, line => stderr.WriteLine($"toe run: {line}"))
        {
            MaxReboots = reboot.MaxReboots,
        };
        var outcome = await resumable.RunAsync(request, identity, RebootChoice.CurrentCommand(), Environment.CurrentDirectory, new ConsoleProgress(stderr), interruption.Token).ConfigureAwait(false);
        if (outcome.Result is not { } result)
        {
            await stderr.WriteLineAsync($"toe run: error: {outcome.Problem}").ConfigureAwait(false);
            await stdout.WriteLineAsync(NotRunSummary(settings.ExecutionId, outcome.Problem ?? "nothing was run")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (outcome.Problem is not null)
        {
            await stderr.WriteLineAsync($"toe run: error: {outcome.Problem}").ConfigureAwait(false);
        }

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
            _ when outcome.Action != Toe.Reboot.RebootAction.None => OperatingSystem.IsWindows() ? 3010 : ExitCodes.RebootRequested,
            _ => result.ExitCode,
        };
    }
}

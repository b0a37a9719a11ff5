using System.CommandLine;
using Toe.Reboot;

namespace Toe.Cli;

/// <summary>
/// <c>toe state show</c> and <c>toe state clear</c>: look at, and discard, the state a run saved before a
/// reboot. Discarding also removes the boot trigger, so the machine does not resume the run by itself.
/// </summary>
internal static class StateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("state", "Show or discard the state of a run paused for a reboot (in --state-directory).");
        command.Subcommands.Add(Show(stdout, stderr));
        command.Subcommands.Add(Clear(stdout, stderr));
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var directory = CliOptions.StateDirectory();
        var show = new Command("show", "Print the saved state: the run, its documents, the reboots so far and where it resumes. Exit 0 when there is a state, 1 when there is none.") { directory };
        show.SetAction(parse =>
        {
            var store = new RunStateStore(parse.GetValue(directory) ?? RunStateStore.DefaultDirectory());
            var loaded = store.Load();
            if (loaded.Problem is not null)
            {
                stderr.WriteLine($"toe state: error: {loaded.Problem}");
                return ExitCodes.Failure;
            }

            if (loaded.State is not { } state)
            {
                stdout.WriteLine($"no saved run in {store.Directory}");
                return ExitCodes.Failure;
            }

            stdout.WriteLine($"state file:   {store.FilePath}");
            stdout.WriteLine($"execution id: {state.ExecutionId}");
            stdout.WriteLine($"documents:    {string.Join(", ", state.Documents)}");
            stdout.WriteLine($"reboots:      {state.Reboots}{(state.RebootReason.Length > 0 ? $" (last: {state.RebootReason})" : string.Empty)}");
            stdout.WriteLine($"resumes at:   {Describe(state)}");
            stdout.WriteLine($"saved at:     {state.SavedAt}");
            stdout.WriteLine($"log folder:   {state.LogFolder}");
            stdout.WriteLine($"command:      {string.Join(' ', state.Command.Select(ResumeTriggers.ShellQuote))}");
            stdout.WriteLine($"in folder:    {state.WorkingDirectory}");
            return ExitCodes.Success;
        });
        return show;
    }

    private static Command Clear(TextWriter stdout, TextWriter stderr)
    {
        var directory = CliOptions.StateDirectory();
        var clear = new Command("clear", "Discard the saved state and the boot trigger of --reboot-mode system: the next toe run starts afresh.") { directory };
        clear.SetAction(parse =>
        {
            var store = new RunStateStore(parse.GetValue(directory) ?? RunStateStore.DefaultDirectory());
            try
            {
                var removed = store.Clear();
                if (Environment.IsPrivilegedProcess)
                {
                    SystemRebootHost.Instance.RemoveResumeTrigger();
                }

                stdout.WriteLine(removed ? $"removed {store.FilePath}" : $"no saved run in {store.Directory}");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"toe state: error: cannot remove {store.FilePath}: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return clear;
    }

    private static string Describe(RunState state)
    {
        var position = state.Position;
        var document = position.Document < state.Report.Documents.Count ? state.Report.Documents[position.Document] : null;
        var phase = document is not null && document.Phases.Count > 0 ? document.Phases[^1].Name : null;
        return $"{position}{(phase is null ? string.Empty : $" (phase '{phase}')")}{(position.IfAlreadyEvaluated ? ", its if already evaluated" : string.Empty)}";
    }
}

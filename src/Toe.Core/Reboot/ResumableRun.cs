using Toe.Engine;

namespace Toe.Reboot;

/// <summary>
/// One <c>toe run</c> across reboots: checks the state directory (resume the saved run, or refuse a state that
/// belongs to another run), runs the engine, and acts on a reboot request as the mode says. The CLI turns the
/// result into output and an exit code; tests drive it with a recording <see cref="IRebootHost"/>.
/// </summary>
public sealed class ResumableRun
{
    private readonly Toe.Engine.Engine _engine;
    private readonly RunStateStore _store;
    private readonly IRebootHost _host;
    private readonly RebootMode _mode;
    private readonly Action<string> _note;

    /// <param name="mode">Already resolved: never <see cref="RebootMode.Auto"/>.</param>
    /// <param name="note">Lines for people (stderr).</param>
    public ResumableRun(Toe.Engine.Engine engine, RunStateStore store, IRebootHost host, RebootMode mode, Action<string> note)
    {
        if (mode == RebootMode.Auto)
        {
            throw new ArgumentException("resolve auto before running", nameof(mode));
        }

        _engine = engine;
        _store = store;
        _host = host;
        _mode = mode;
        _note = note;
    }

    public int MaxReboots { get; init; } = 10;

    public Task<ResumableRunResult> RunAsync(RunRequest request, string identity, IReadOnlyList<string> command, string workingDirectory, IRunObserver? observer, CancellationToken cancellationToken) =>
        RunAsync(request, () => identity, command, workingDirectory, observer, cancellationToken);

    /// <param name="identity">The run's fingerprint, asked for only when there is saved state to compare with or to write.</param>
    public async Task<ResumableRunResult> RunAsync(RunRequest request, Func<string> identity, IReadOnlyList<string> command, string workingDirectory, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var loaded = _store.Load();
        if (loaded.Problem is not null)
        {
            return ResumableRunResult.Refused($"{loaded.Problem}. Nothing was run. If no run is waiting to resume, remove it with 'toe state clear --state-directory {_store.Directory}'");
        }

        if (loaded.State is { } saved)
        {
            if (saved.Identity != identity())
            {
                return ResumableRunResult.Refused(
                    $"the state directory '{_store.Directory}' holds the state of another run (execution {saved.ExecutionId} of {string.Join(", ", saved.Documents)}, " +
                    $"saved {saved.SavedAt}{(saved.Reboots > 0 ? $" after reboot {saved.Reboots}: {saved.RebootReason}" : string.Empty)}); nothing was run. " +
                    $"Resume it with the same documents, parameters and phases, or discard it with 'toe state clear --state-directory {_store.Directory}'");
            }

            // The trigger has done its job (or this is a rerun by hand): it must not start the run a second time.
            TryRemoveTrigger();
            _note($"resuming run {saved.ExecutionId} after reboot {saved.Reboots} ({saved.RebootReason}), at {saved.Position}");
            request = request with { ExecutionId = saved.ExecutionId, Resume = saved };
        }

        var settings = new RebootSettings(_store, identity) { Allowed = _mode != RebootMode.Fail, MaxReboots = MaxReboots, Command = command, WorkingDirectory = workingDirectory };
        while (true)
        {
            var result = await _engine.RunAsync(request with { Reboot = settings }, observer, cancellationToken).ConfigureAwait(false);
            if (result.Reboot is not { } reboot)
            {
                return new ResumableRunResult(result, null, RebootAction.None);
            }

            switch (_mode)
            {
                case RebootMode.Simulate:
                    var state = _store.Load().State;
                    if (state is null)
                    {
                        return ResumableRunResult.Refused($"the state saved for the simulated reboot cannot be read back from '{_store.FilePath}'");
                    }

                    _note($"simulated reboot {state.Reboots} ({state.RebootReason}{(reboot.DelaySeconds > 0 ? $", delay of {reboot.DelaySeconds} s skipped" : string.Empty)}): resuming");
                    request = request with { ExecutionId = state.ExecutionId, Resume = state };
                    continue;

                case RebootMode.System:
                    try
                    {
                        _host.RegisterResumeTrigger(command, workingDirectory);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        return new ResumableRunResult(result, $"the run is paused for a reboot, but the boot trigger could not be registered ({ex.Message}); not rebooting. Reboot and run the same command again to resume", RebootAction.Exit);
                    }

                    _note($"rebooting{(reboot.DelaySeconds > 0 ? $" in {reboot.DelaySeconds} s" : string.Empty)}; the run resumes after the reboot");
                    await _host.RebootAsync(reboot.DelaySeconds, cancellationToken).ConfigureAwait(false);
                    return new ResumableRunResult(result, null, RebootAction.Rebooting);

                default:
                    _note($"the run is paused for a reboot; reboot the machine, then run the same command again to resume (state: {_store.FilePath})");
                    return new ResumableRunResult(result, null, RebootAction.Exit);
            }
        }
    }

    private void TryRemoveTrigger()
    {
        try
        {
            _host.RemoveResumeTrigger();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _note($"warning: could not remove the boot trigger: {ex.Message}");
        }
    }
}

public enum RebootAction
{
    /// <summary>The run ended (success or failure).</summary>
    None,

    /// <summary>The run is paused for a reboot: exit with 194 (3010 on Windows) so the caller reboots.</summary>
    Exit,

    /// <summary>The reboot has been started.</summary>
    Rebooting,
}

/// <param name="Result">The engine's last result; null when nothing ran.</param>
/// <param name="Problem">Why nothing ran, or what went wrong around the reboot.</param>
public sealed record ResumableRunResult(RunResult? Result, string? Problem, RebootAction Action)
{
    public static ResumableRunResult Refused(string problem) => new(null, problem, RebootAction.None);
}

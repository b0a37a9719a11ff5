using Toe.Reboot;
using Toe.Reports;

namespace Toe.Engine;

// Reboot and resume, kept apart from Engine.cs: when a step asks for a reboot the run saves its state
// (RunStateStore) and returns with RunResult.Reboot set; the caller reboots (or simulates it) and the next
// run of the same command passes the state back as RunRequest.Resume. See docs/compatibility.md,
// "Reboot and resume", and docs/adr/0003-reboot-and-resume.md.
public sealed partial class Engine
{
    private sealed partial class Run
    {
        /// <summary>Why a reboot request cannot be honoured (the step then fails with this message), or null.</summary>
        private string? RefuseReboot(RebootRequest reboot)
        {
            if (_nested)
            {
                return $"{reboot.Reason}: the step asks for a reboot inside a nested document (ExecuteDocument), and Toe cannot resume a nested document; move the step into the top-level document";
            }

            if (_request.Reboot is not { Allowed: true } settings)
            {
                return $"{reboot.Reason}: the step asks for a reboot, and reboots are turned off (--reboot-mode fail)";
            }

            if (_reboots >= settings.MaxReboots)
            {
                return $"{reboot.Reason}: the step asks for a reboot, but the run has already rebooted {_reboots} time(s), the limit (--max-reboots {settings.MaxReboots}); stopped to break a reboot loop";
            }

            return null;
        }

        /// <summary>
        /// Saves where the run is. A failure to save while pausing for a reboot is fatal for the reboot (the
        /// caller must not reboot into a run that cannot resume): the run then ends failed instead.
        /// </summary>
        private void SaveState(RunPosition position, ChainingStore chaining)
        {
            if (_request.Reboot is not { } settings)
            {
                return;
            }

            var pausing = _pendingReboot is not null;
            var state = new RunState
            {
                ExecutionId = _request.ExecutionId,
                Identity = settings.Identity(),
                Documents = [.. _request.Documents.Select(d => d.Document.Source)],
                LogFolder = _folder,
                Reboots = _reboots + (pausing ? 1 : 0),
                RebootReason = pausing ? _rebootReason : _resume?.RebootReason ?? string.Empty,
                Resumed = !pausing,
                Command = [.. settings.Command],
                WorkingDirectory = settings.WorkingDirectory,
                Position = position,
                Report = _report,
                Chaining = _chainingReport,
                ChainedSteps = [.. chaining.Entries.Select(e => new ChainedStep { Phase = e.Phase, Step = e.Step, Inputs = e.Inputs?.DeepClone(), Outputs = (System.Text.Json.Nodes.JsonObject)e.Outputs.DeepClone() })],
                Counters = new RunCounters
                {
                    Executed = _executed,
                    Skipped = _skipped,
                    Failed = _failed,
                    Ignored = _ignored,
                    FirstFailure = _firstFailure,
                    FirstFailureTimedOut = _firstFailureTimedOut,
                    FailuresAfterFirst = _failuresAfterFirst,
                },
                MaskedValues = [.. _hiddenValues.Distinct(StringComparer.Ordinal)],
            };

            try
            {
                settings.Store.Save(state);
                _log.Debug($"state saved to {settings.Store.FilePath}: next {position}");
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                var message = $"cannot save the run's state in '{settings.Store.Directory}': {ex.Message}";
                _log.Error(message);
                if (pausing)
                {
                    // No state, no resume: rebooting now would restart the run from the beginning.
                    _pendingReboot = null;
                    RecordFailure($"{_rebootReason}: {message}; not rebooting", timedOut: false);
                    _failed++;
                }
            }
        }

        /// <summary>The run stops here for a reboot: reports written with status pendingReboot, state already saved.</summary>
        private RunResult PauseForReboot()
        {
            _report.Status = Statuses.PendingReboot;
            _report.FailureMessage = string.Empty;
            _report.EndTime = Timestamps.Format(_clock.Now);
            _console.Flush();
            var written = WriteReports();
            var summary = Summary(Statuses.PendingReboot, written ?? string.Empty);
            _log.Info($"run paused for reboot {_reboots + 1} ({_rebootReason}): {summary.ToJson()}");
            var result = new RunResult { Summary = summary, LogFolder = _folder, DetailedOutput = _report, Reboot = _pendingReboot };
            Notify(o => o.RunFinished(result));
            return result;
        }

        /// <summary>The run ended (success or failure): its state must not resume anything.</summary>
        private void ClearState()
        {
            if (_nested || _request.Reboot is not { } settings)
            {
                return;
            }

            try
            {
                if (settings.Store.Clear())
                {
                    _log.Debug($"state {settings.Store.FilePath} removed");
                }
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                _log.Warning($"cannot remove the state file '{settings.Store.FilePath}': {ex.Message}; remove it with 'toe state clear' before the next run");
            }
        }
    }
}

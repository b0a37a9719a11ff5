using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toe.Conditions;
using Toe.Documents;
using Toe.Logging;
using Toe.Processes;
using Toe.Reports;

namespace Toe.Engine;

/// <summary>
/// Runs component documents: documents in the order given, phases in document order (filtered by
/// <see cref="RunRequest.Phases"/>), steps in order. Writes the run's log folder (document copies,
/// console.log, application.log, detailedoutput.json, chaining.json) and returns the summary.
/// Inside <c>Toe.*</c> namespaces write <c>Toe.Engine.Engine</c> (the namespace hides the type).
/// </summary>
public sealed partial class Engine
{
    private readonly IActionRegistry _registry;
    private readonly EngineOptions _options;
    private readonly IProcessRunner _processRunner;
    private readonly Toe.Conditions.IConditionHost _conditionHost;

    public Engine(IActionRegistry registry, EngineOptions? options = null)
    {
        _registry = registry;
        _options = options ?? new EngineOptions();
        _processRunner = _options.ProcessRunner ?? PosixSpawnRunner.OrFallback(_options.Termination);
        _conditionHost = _options.ConditionHost ?? Toe.Conditions.SystemConditionHost.Instance;
    }

    /// <summary>
    /// Runs the request. Never throws for run failures, an unusable log directory or cancellation:
    /// the result says what happened. Cancelling <paramref name="cancellationToken"/> (SIGINT/SIGTERM)
    /// ends the running step's process tree, marks that step failed, writes detailedoutput.json and returns.
    /// </summary>
    public async Task<RunResult> RunAsync(RunRequest request, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        observer ??= NullRunObserver.Instance;
        var start = _options.Clock.Now;

        if (!RunFolder.IsUsableExecutionId(request.ExecutionId))
        {
            return SetupFailure(request, $"the execution id '{request.ExecutionId}' cannot be used in a folder name; use letters, digits, '-' and '_'");
        }

        string folder;
        try
        {
            // A resumed run goes on in the log folder it started, so one folder tells the whole story.
            folder = request.Resume is { } resume
                ? resume.LogFolder
                : Path.GetFullPath(Path.Combine(request.LogDirectory, RunFolder.Name(start, request.ExecutionId)));
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (IsFileSystemError(ex))
        {
            return SetupFailure(request, $"cannot create the log folder in '{request.LogDirectory}': {ex.Message}");
        }

        ConsoleLog? console = null;
        ApplicationLog? application = null;
        try
        {
            foreach (var value in request.Resume?.MaskedValues ?? [])
            {
                _options.SecretMasker.AddValue(value);
            }

            console = new ConsoleLog(Path.Combine(folder, RunFolder.ConsoleLogFile), _options.SecretMasker, append: request.Resume is not null, _options.ConsoleMirror);
            application = new ApplicationLog(Path.Combine(folder, RunFolder.ApplicationLogFile), _options.SecretMasker, request.Trace);
            for (var i = 0; i < request.Documents.Count; i++)
            {
                File.WriteAllText(Path.Combine(folder, RunFolder.DocumentFileName(i + 1)), _options.SecretMasker.Mask(request.Documents[i].Document.Text));
            }
        }
        catch (Exception ex) when (IsFileSystemError(ex))
        {
            console?.Dispose();
            application?.Dispose();
            return SetupFailure(request, $"cannot write to the log folder '{folder}': {ex.Message}", folder);
        }

        using (console)
        using (application)
        {
            var run = new Run(this, request, folder, console, application, observer, start, cancellationToken);
            return await run.ExecuteAsync().ConfigureAwait(false);
        }
    }


    private static bool IsFileSystemError(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;

    private static RunResult SetupFailure(RunRequest request, string message, string? folder = null) => new()
    {
        Summary = new RunSummary { ExecutionId = request.ExecutionId, Status = Statuses.Failed, FailureMessage = message },
        LogFolder = folder,
    };

    /// <summary>The state of one run.</summary>
    private sealed partial class Run
    {
        private readonly Engine _engine;
        private readonly RunRequest _request;
        private readonly string _folder;
        private readonly ConsoleLog _console;
        private readonly ApplicationLog _log;
        private readonly IRunObserver _observer;
        private readonly CancellationToken _interruption;
        private readonly IClock _clock;
        private readonly ISecretMasker _masker;
        private readonly DetailedOutput _report;
        private readonly ChainingReport _chainingReport;

        private readonly StepFolders _stepFolders = new();
        private readonly HashSet<string>? _phases;

        private int _executed;
        private int _skipped;
        private int _failed;
        private int _ignored;
        private bool _stopped;
        private bool _interrupted;
        private string? _interruptionCause;
        private string? _firstFailure;
        private bool _firstFailureTimedOut;
        private int _failuresAfterFirst;

        // Reboot and resume (docs/compatibility.md, "Reboot and resume").
        private readonly Toe.Reboot.RunState? _resume;
        private readonly List<string> _hiddenValues = [];
        private int _reboots;
        private RebootRequest? _pendingReboot;
        private string _rebootReason = string.Empty;

        public Run(Engine engine, RunRequest request, string folder, ConsoleLog console, ApplicationLog log, IRunObserver observer, DateTimeOffset start, CancellationToken interruption)
        {
            _engine = engine;
            _request = request;
            _folder = folder;
            _console = console;
            _log = log;
            _observer = observer;
            _interruption = interruption;
            _clock = engine._options.Clock;
            _masker = engine._options.SecretMasker;
            _phases = request.Phases is null ? null : new HashSet<string>(request.Phases, StringComparer.Ordinal);
            _report = new DetailedOutput { ExecutionId = request.ExecutionId, StartTime = Timestamps.Format(start) };
            _chainingReport = new ChainingReport { ExecutionId = request.ExecutionId };
            if (request.Resume is { } resume)
            {
                _resume = resume;
                _report = resume.Report;
                _report.Status = Statuses.Success;
                _report.EndTime = string.Empty;
                _chainingReport = resume.Chaining;
                _reboots = resume.Reboots;
                _hiddenValues.AddRange(resume.MaskedValues);
                var counters = resume.Counters;
                (_executed, _skipped, _failed, _ignored) = (counters.Executed, counters.Skipped, counters.Failed, counters.Ignored);
                (_firstFailure, _firstFailureTimedOut, _failuresAfterFirst) = (counters.FirstFailure, counters.FirstFailureTimedOut, counters.FailuresAfterFirst);
            }
        }

        private string InterruptedMessage => $"interrupted by {_interruptionCause ??= Describe()}";

        public async Task<RunResult> ExecuteAsync()
        {
            if (_resume is not null)
            {
                _log.Info($"Toe run {_request.ExecutionId} resumed after reboot {_reboots} ({_resume.RebootReason}) at {_resume.Position}");
            }
            else
            {
                _log.Info($"Toe run {_request.ExecutionId} started: {_request.Documents.Count} document(s), phases {(_request.Phases is null ? "all" : string.Join(',', _request.Phases))}, log folder {_folder}");
            }

            Notify(o => o.RunStarted(new RunStartedEvent(_request.ExecutionId, _folder, _request.Documents.Count)));

            for (var i = _resume?.Position.Document ?? 0; i < _request.Documents.Count && !_stopped; i++)
            {
                var document = _request.Documents[i].Document;
                if (_interruption.IsCancellationRequested)
                {
                    _ = Interrupt($"{InterruptedMessage} before document '{document.Source}' started");
                    break;
                }

                await RunDocumentAsync(i + 1, _request.Documents[i]).ConfigureAwait(false);
                // The reports after each document, so that a crash loses no finished document; after the last one
                // the run's end (Finish, PauseForReboot) writes them anyway, complete.
                if (i + 1 < _request.Documents.Count && !_stopped)
                {
                    WriteReports();
                }
            }

            _stepFolders.RemoveUnused();
            return _pendingReboot is not null ? PauseForReboot() : Finish();
        }

        private async Task RunDocumentAsync(int index, DocumentRequest request)
        {
            var document = request.Document;
            // Resuming: the position is in this document, whose report and chaining were saved with the state.
            var resumeAt = _resume is not null && _resume.Position.Document == index - 1 && _report.Documents.Count == index ? _resume.Position : null;
            var chaining = new ChainingStore();
            DocumentReport report;
            ChainingDocument chainingDocument;
            if (resumeAt is not null)
            {
                report = _report.Documents[^1];
                report.Status = Statuses.Success;
                chainingDocument = _chainingReport.Documents[^1];
                foreach (var chained in _resume!.ChainedSteps)
                {
                    chaining.Record(chained.Phase, chained.Step, chained.Inputs, chained.Outputs);
                }

                _log.Info($"document {index} '{document.Source}' resumed");
            }
            else
            {
                report = new DocumentReport
                {
                    Name = document.Name ?? string.Empty,
                    FilePath = document.Source,
                    Description = document.Description ?? string.Empty,
                    StartTime = Timestamps.Format(_clock.Now),
                };
                _report.Documents.Add(report);
                _log.Info($"document {index} '{document.Source}' started");
                chainingDocument = new ChainingDocument { FilePath = document.Source };
                _chainingReport.Documents.Add(chainingDocument);
            }

            var variables = VariableResolver.BuildVariables(document, _request.Parameters, request.Parameters);
            var resolver = new VariableResolver(variables, chaining, _engine._options.Host, _clock, _request.ExecutionId, _engine._options.InstanceMetadata,
                _engine._options.ParameterStore, new RememberingMasker(_masker, _hiddenValues));
            var documentDirectory = Path.GetDirectoryName(document.FilePath) ?? Directory.GetCurrentDirectory();

            for (var phaseIndex = resumeAt?.Phase ?? 0; phaseIndex < document.Phases.Count; phaseIndex++)
            {
                var phase = document.Phases[phaseIndex];
                if (_stopped)
                {
                    break;
                }

                if (_phases is not null && !_phases.Contains(phase.Name))
                {
                    _log.Debug($"phase '{phase.Name}' of '{document.Source}' was not requested; not run");
                    continue;
                }

                if (_interruption.IsCancellationRequested)
                {
                    var message = Interrupt($"{InterruptedMessage} before phase '{phase.Name}' started");
                    report.FailureMessage = report.FailureMessage.Length == 0 ? message : report.FailureMessage;
                    break;
                }

                var resumePhase = resumeAt is not null && phaseIndex == resumeAt.Phase && report.Phases.Count > 0 && report.Phases[^1].Name == phase.Name;
                PhaseReport phaseReport;
                if (resumePhase)
                {
                    phaseReport = report.Phases[^1];
                    phaseReport.Status = Statuses.Success;
                    _log.Info($"phase '{phase.Name}' resumed at step {resumeAt!.Step + 1}");
                }
                else
                {
                    phaseReport = new PhaseReport { Name = phase.Name, StartTime = Timestamps.Format(_clock.Now) };
                    report.Phases.Add(phaseReport);
                    _log.Info($"phase '{phase.Name}' started");
                }

                for (var stepIndex = resumePhase ? resumeAt!.Step : 0; stepIndex < phase.Steps.Count; stepIndex++)
                {
                    var step = phase.Steps[stepIndex];
                    if (_stopped)
                    {
                        break;
                    }

                    if (_interruption.IsCancellationRequested)
                    {
                        var message = Interrupt($"{InterruptedMessage} before step '{step.Name}' of phase '{phase.Name}' started");
                        phaseReport.Status = Statuses.Failed;
                        phaseReport.FailureMessage = phaseReport.FailureMessage.Length == 0 ? message : phaseReport.FailureMessage;
                        break;
                    }

                    // disableLogging at document, phase or step level: "suppresses logging output for that scope".
                    var context = new StepPlace(index, document, documentDirectory, phase.Name, step, document.DisableLogging || phase.DisableLogging || step.DisableLogging);
                    var ifDone = resumePhase && stepIndex == resumeAt!.Step && resumeAt.IfAlreadyEvaluated;
                    if (stepIndex + 1 < phase.Steps.Count)
                    {
                        PrepareAhead(context with { Step = phase.Steps[stepIndex + 1] });
                    }

                    var stepReport = await RunStepAsync(context, resolver, chaining, chainingDocument, ifDone).ConfigureAwait(false);
                    if (stepReport is not null)
                    {
                        phaseReport.Steps.Add(stepReport);
                        if (stepReport.Status == Statuses.Failed && phaseReport.FailureMessage.Length == 0)
                        {
                            phaseReport.FailureMessage = $"step '{step.Name}': {stepReport.FailureMessage}";
                        }
                    }

                    // A step that asks for a reboot: stepReport null means it runs again after the reboot.
                    if (_pendingReboot is not null)
                    {
                        SaveState(new Toe.Reboot.RunPosition { Document = index - 1, Phase = phaseIndex, Step = stepReport is null ? stepIndex : stepIndex + 1, IfAlreadyEvaluated = stepReport is null && step.If is not null }, chaining);
                        break;
                    }

                    // After a reboot, progress is saved at every step: a crash or an unplanned reboot resumes here, not at the reboot.
                    if (_resume is not null && !_nested)
                    {
                        SaveState(new Toe.Reboot.RunPosition { Document = index - 1, Phase = phaseIndex, Step = stepIndex + 1 }, chaining);
                    }
                }

                if (_pendingReboot is not null)
                {
                    break;
                }

                phaseReport.Status = Combine(phaseReport.Status, phaseReport.Steps.Select(s => s.Status));
                phaseReport.EndTime = Timestamps.Format(_clock.Now);
                if (phaseReport.Status == Statuses.Failed && report.FailureMessage.Length == 0)
                {
                    report.FailureMessage = $"phase '{phase.Name}', {phaseReport.FailureMessage}";
                }

                _log.Info($"phase '{phase.Name}' ended: {phaseReport.Status}");
            }

            if (_pendingReboot is not null)
            {
                report.Status = Statuses.PendingReboot;
                return;
            }

            report.Status = Combine(report.FailureMessage.Length > 0 ? Statuses.Failed : Statuses.Success, report.Phases.Select(p => p.Status));
            report.EndTime = Timestamps.Format(_clock.Now);
            _log.Info($"document '{document.Source}' ended: {report.Status}");
        }

        /// <param name="ifAlreadyEvaluated">The step runs again after a reboot it asked for: its <c>if</c> was evaluated before and is not again.</param>
        /// <returns>The step's report; null when the step asked for a reboot and runs again after it (it is reported then).</returns>
        private async Task<StepReport?> RunStepAsync(StepPlace place, VariableResolver resolver, ChainingStore chaining, ChainingDocument chainingDocument, bool ifAlreadyEvaluated = false)
        {
            var step = place.Step;
            var started = _clock.Now;
            var report = new StepReport
            {
                Name = step.Name,
                Action = step.Action,
                StartTime = Timestamps.Format(started),
                TimeoutSeconds = Step.DefaultTimeoutSeconds,
                OnFailure = nameof(OnFailure.Abort),
                MaxAttempts = 1,
            };

            _executed++;
            var label = $"[{place.Phase}/{step.Name}]";
            _log.Info($"{label} step started: action {step.Action}");

            var errors = new List<string>();
            var settingsScope = new ResolveScope(place.Phase, step.Name, AllowChaining: false);
            var onFailure = ParseOnFailure(resolver.Render(step.OnFailureText, settingsScope, errors, null), errors);
            var timeout = ParseInteger(resolver.Render(step.TimeoutSecondsText, settingsScope, errors, null), "timeoutSeconds", Step.DefaultTimeoutSeconds, errors);
            var maxAttempts = ParseInteger(resolver.Render(step.MaxAttemptsText, settingsScope, errors, null), "maxAttempts", 1, errors);
            if (IsExecuteDocument(step))
            {
                (timeout, maxAttempts) = (-1, 1);
            }

            if (timeout == 0 || timeout < -1)
            {
                errors.Add($"timeoutSeconds is {timeout}; it must be -1 (no timeout) or a positive number of seconds");
            }

            if (maxAttempts < 1)
            {
                errors.Add($"maxAttempts is {maxAttempts}; it must be at least 1");
            }

            report.OnFailure = onFailure.ToString();
            report.TimeoutSeconds = timeout;
            report.MaxAttempts = Math.Max(maxAttempts, 1);
            Notify(o => o.StepStarted(new StepStartedEvent(place.Document.Source, place.Phase, step.Name, step.Action, report.MaxAttempts)));

            JsonNode? inputs = null;
            LoopExpansion? loop = null;
            var loopProgress = new LoopProgress();
            Outcome outcome;
            if (errors.Count > 0)
            {
                outcome = Outcome.Failure(string.Join("; ", errors));
            }
            else if (step.If is not null && !ifAlreadyEvaluated && DecideIf(place, resolver, chainingDocument, errors) is var decision && decision?.Branch != StepBranch.Execute)
            {
                outcome = decision is null ? Outcome.Failure(string.Join("; ", errors))
                    : decision.Branch == StepBranch.Skip ? Outcome.SkippedBy(decision.Explanation)
                    : Outcome.Failure($"{decision.Explanation}: the step is aborted");
            }
            else if (!_engine._registry.TryGet(step.Action, out var module))
            {
                outcome = Outcome.Failure($"unknown action module '{step.Action}'");
            }
            else
            {
                var used = new List<(string Expression, string Value)>();
                var inputScope = new ResolveScope(place.Phase, step.Name, AllowChaining: true);
                if (step.Loop is not null)
                {
                    loop = LoopExpansion.Create(step.Loop, (text, chainingAllowed) => resolver.Render(text, chainingAllowed ? inputScope : settingsScope, errors, used), errors);
                    inputScope = inputScope with { Loop = LoopIteration.Placeholder(LoopExpansion.WrittenNameOf(step.Loop) ?? LoopExpansion.DefaultName) };
                }

                // For a loop step these are the inputs with loop references left as written: written once to
                // the report and to chaining, whatever the iteration count.
                inputs = InputRenderer.Render(step.Inputs, text => resolver.Render(text, inputScope, errors, used));
                foreach (var (expression, value) in place.LoggingDisabled ? [] : used)
                {
                    chainingDocument.Values.Add(new ChainingValue { Phase = place.Phase, Step = step.Name, Expression = expression, Value = _masker.Mask(value) });
                }

                if (!place.LoggingDisabled && _log.IsEnabled(Serilog.Events.LogEventLevel.Verbose))
                {
                    _log.Verbose($"{label} resolved inputs: {ReportJson.ToCompactJson(inputs)}");
                }

                outcome = errors.Count > 0 ? Outcome.Failure(string.Join("; ", errors))
                    : loop is null ? await RunAttemptsAsync(place, module, inputs, timeout, report.MaxAttempts, label).ConfigureAwait(false)
                    : await RunLoopAsync(place, module, resolver, inputScope, loop, loopProgress, timeout, report.MaxAttempts, label).ConfigureAwait(false);
            }

            report.Loop = loop?.Describe(loopProgress);

            if (outcome.Reboot is { } reboot)
            {
                var refusal = RefuseReboot(reboot);
                if (refusal is not null)
                {
                    outcome = outcome with { Success = false, FailureMessage = refusal, Reboot = null };
                }
                else
                {
                    _pendingReboot = reboot;
                    _stopped = true;
                    _rebootReason = $"step '{step.Name}' of phase '{place.Phase}': {reboot.Reason}";
                    _log.Info($"{label} asks for a reboot ({reboot.Reason}); {(reboot.RerunStep ? "the step runs again after it" : "the run goes on with the next step after it")}");
                    if (reboot.RerunStep)
                    {
                        // Not done yet: it is counted and reported when it runs again after the reboot.
                        _executed--;
                        Notify(o => o.StepFinished(new StepFinishedEvent(place.Document.Source, place.Phase, step.Name, step.Action, Statuses.PendingReboot, _clock.Now - started, outcome.Attempts, null, outcome.ExitCode, [])));
                        return null;
                    }
                }
            }

            chaining.Record(place.Phase, step.Name, inputs, outcome.Outputs);
            // disableLogging: inputs and outputs (which may hold what the step handles) stay out of the report.
            report.Inputs = place.LoggingDisabled ? "[]" : ReportJson.ToCompactJson(Mask(AsList(inputs)));
            report.Outputs = place.LoggingDisabled || outcome.Outputs.Count == 0 ? "[]" : ReportJson.ToCompactJson(Mask(new JsonArray(outcome.Outputs.DeepClone())));
            report.DetailedOutput = place.LoggingDisabled ? null : outcome.DetailedOutput;
            if (place.LoggingDisabled)
            {
                RemoveStepScratch(place);
                HideOutputs(outcome.Outputs);
            }
            else
            {
                MaskStepScratch(place);
            }

            string status;
            if (outcome.Skipped)
            {
                status = Statuses.Skipped;
                _executed--;
                _skipped++;
                _log.Info($"{label} {outcome.FailureMessage}");
                outcome = outcome with { FailureMessage = null };
            }
            else if (outcome.Success)
            {
                status = Statuses.Success;
            }
            else if (onFailure == OnFailure.Ignore && !outcome.Interrupted)
            {
                status = Statuses.Ignored;
                _ignored++;
            }
            else
            {
                status = Statuses.Failed;
                _failed++;
            }

            report.Status = status;
            report.FailureMessage = _masker.Mask(outcome.FailureMessage ?? string.Empty);
            var ended = _clock.Now;
            report.EndTime = Timestamps.Format(ended);

            _log.Info($"{label} step ended: {status}{(outcome.Success ? string.Empty : $" ({outcome.FailureMessage})")}");
            if (!outcome.Success)
            {
                WriteFailureBlock(place, outcome);
            }

            var tail = outcome.StderrTail.Select(_masker.Mask).ToList();
            Notify(o => o.StepFinished(new StepFinishedEvent(place.Document.Source, place.Phase, step.Name, step.Action, status, ended - started, outcome.Attempts, outcome.Success ? null : report.FailureMessage, outcome.ExitCode, tail)));

            if (status == Statuses.Failed)
            {
                RecordFailure($"document '{place.Document.Source}', phase '{place.Phase}', step '{step.Name}': {report.FailureMessage}", outcome.TimedOut);
                if (outcome.Interrupted)
                {
                    _interrupted = true;
                    _stopped = true;
                }
                else if (onFailure == OnFailure.Abort)
                {
                    _log.Info($"{label} onFailure is Abort: the run stops");
                    _stopped = true;
                }
            }

            return report;
        }

        /// <summary>
        /// A loop step: every attempt runs all iterations (<see cref="LoopRun"/>) under the step's one timeout.
        /// </summary>
        private async Task<Outcome> RunLoopAsync(StepPlace place, IActionModule module, VariableResolver resolver, ResolveScope inputScope, LoopExpansion loop, LoopProgress progress, int timeout, int maxAttempts, string label)
        {
            (JsonNode? Inputs, string? Error) Render(LoopIteration iteration)
            {
                var errors = new List<string>();
                var inputs = InputRenderer.Render(place.Step.Inputs, text => resolver.Render(text, inputScope with { Loop = iteration }, errors, null));
                return (inputs, errors.Count == 0 ? null : string.Join("; ", errors));
            }

            _log.Info($"{label} loop '{loop.Name}' ({loop.Kind}): {loop.Count} iteration(s)");
            var outcome = await RunAttemptsAsync(place, module, null, timeout, maxAttempts, label,
                (context, token) => LoopRun.RunAsync(loop, progress, context, Render, module.ExecuteAsync, token)).ConfigureAwait(false);

            // The docs: on a timeout "the failure message of the step states that the loop run had timed out".
            return outcome.TimedOut
                ? outcome with { FailureMessage = $"the loop timed out after {timeout} seconds, in iteration {progress.Current} (of {loop.Count}, counting from 0)" }
                : outcome;
        }

        /// <summary>Evaluates the step's <c>if</c> (once); null when it cannot be evaluated (the reason is in <paramref name="errors"/>).</summary>
        private StepDecision? DecideIf(StepPlace place, VariableResolver resolver, ChainingDocument chainingDocument, List<string> errors)
        {
            var used = new List<(string Expression, string Value)>();
            var scope = new ResolveScope(place.Phase, place.Step.Name, AllowChaining: true);
            var decision = StepCondition.Decide(place.Step.If!, text => resolver.Render(text, scope, errors, used), _engine._conditionHost, errors);
            foreach (var (expression, value) in place.LoggingDisabled ? [] : used)
            {
                chainingDocument.Values.Add(new ChainingValue { Phase = place.Phase, Step = place.Step.Name, Expression = expression, Value = _masker.Mask(value) });
            }

            return decision;
        }

        /// <summary>
        /// disableLogging: the step's outputs may still be chained into later steps, so they are masked in
        /// every sink from now on. Values under 4 characters are left alone: masking every "0" or "ok" in
        /// the logs would make them unreadable and hide nothing worth hiding.
        /// </summary>
        private void HideOutputs(JsonObject outputs)
        {
            foreach (var (_, value) in outputs)
            {
                if (value?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    continue;
                }

                var text = value.GetValue<string>();
                foreach (var part in text.Split('\n').Prepend(text))
                {
                    if (part.Trim().Length >= 4)
                    {
                        _masker.AddValue(part.Trim());
                        _hiddenValues.Add(part.Trim());
                    }
                }
            }
        }

        /// <summary>
        /// Has <see cref="StepFolders"/> make the next step's folder, and its module's files, while this step runs. Inputs
        /// without any reference are at run time what they are now, so the files can be written ahead too; a loop step
        /// writes its files per iteration, and nothing is written ahead for it.
        /// </summary>
        private void PrepareAhead(StepPlace next)
        {
            var step = next.Step;
            Func<IReadOnlyList<ScratchFile>> files = static () => [];
            if (_engine._registry.TryGet(step.Action, out var module) && module is IScratchFiles scratchFiles)
            {
                var staticInputs = step.Loop is null && InputRenderer.HoldsNoReference(step.Inputs);
                files = () => scratchFiles.ScratchFiles(staticInputs ? InputRenderer.Render(step.Inputs, text => text) : null);
            }

            _stepFolders.Prepare(StepScratch(next), files);
        }

        private string StepScratch(StepPlace place) =>
            Path.Combine(StepsRoot, $"{place.DocumentIndex}_{RunFolder.SafeSegment(place.Phase)}_{RunFolder.SafeSegment(place.Step.Name)}");

        /// <summary>disableLogging: the step's script file holds its resolved commands, so it does not stay in the log folder.</summary>
        private void RemoveStepScratch(StepPlace place)
        {
            try
            {
                var scratch = StepScratch(place);
                if (Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                _log.Warning($"[{place.Phase}/{place.Step.Name}] could not remove the step's script folder: {ex.Message}");
            }
        }

        /// <summary>
        /// The step's script (steps/...) holds its commands as resolved, a SecureString value included: the program
        /// needed it while it ran, the log folder must not keep it. Text files that contain a secret are rewritten
        /// masked once the step has ended (files over 4 MB, and files that are not UTF-8 text, are left alone).
        /// </summary>
        private void MaskStepScratch(StepPlace place)
        {
            if (!_masker.HasSecrets)
            {
                return;
            }

            try
            {
                var scratch = StepScratch(place);
                if (!Directory.Exists(scratch))
                {
                    return;
                }

                foreach (var file in Directory.EnumerateFiles(scratch, "*", SearchOption.AllDirectories))
                {
                    if (new FileInfo(file).Length > 4 * 1024 * 1024)
                    {
                        continue;
                    }

                    string text;
                    try
                    {
                        text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(file));
                    }
                    catch (DecoderFallbackException)
                    {
                        continue;
                    }

                    var masked = _masker.Mask(text);
                    if (!string.Equals(masked, text, StringComparison.Ordinal))
                    {
                        ReportJson.WriteAtomically(file, masked);
                    }
                }
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                _log.Warning($"[{place.Phase}/{place.Step.Name}] could not mask secrets in the step's script folder: {ex.Message}");
            }
        }

        private async Task<Outcome> RunAttemptsAsync(StepPlace place, IActionModule module, JsonNode? inputs, int timeout, int maxAttempts, string label, Func<ActionContext, CancellationToken, Task<ActionResult>>? execute = null)
        {
            var scratch = StepScratch(place);
            IReadOnlyDictionary<string, byte[]> writtenAhead;
            try
            {
                writtenAhead = _stepFolders.Create(scratch);
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                return Outcome.Failure($"cannot create the step folder '{scratch}': {ex.Message}");
            }

            var stepLog = new StepLog(_log, label, quiet: place.LoggingDisabled);
            var outcome = Outcome.Failure("the step did not run");
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                if (attempt > 1 && _interruption.IsCancellationRequested)
                {
                    return outcome with { FailureMessage = InterruptedMessage, Interrupted = true };
                }

                if (maxAttempts > 1)
                {
                    _log.Info($"{label} attempt {attempt} of {maxAttempts}");
                }

                var output = new StepOutput(_console) { Suppressed = place.LoggingDisabled };
                var context = new ActionContext
                {
                    DocumentPath = place.Document.FilePath,
                    DocumentDirectory = place.DocumentDirectory,
                    PhaseName = place.Phase,
                    StepName = place.Step.Name,
                    ActionName = place.Step.Action,
                    Inputs = inputs?.DeepClone(),
                    ScratchDirectory = scratch,
                    // Only the first attempt: the attempt before may have changed the files. A loop's iterations write their own.
                    ScratchFilesWritten = attempt == 1 && execute is null ? writtenAhead : ActionContext.NothingWritten,
                    Attempt = attempt,
                    MaxAttempts = maxAttempts,
                    Output = output,
                    ProcessRunner = _engine._processRunner,
                    Log = stepLog,
                    Secrets = _masker,
                    DocumentChain = Chain(place),
                    Documents = IsExecuteDocument(place.Step) ? new NestedDocumentRunner(this, Chain(place), scratch, place.LoggingDisabled) : null,
                };

                outcome = await RunAttemptAsync(module, context, output, timeout, label, execute).ConfigureAwait(false);
                outcome = outcome with { Attempts = attempt };
                if (outcome.Success || outcome.Interrupted)
                {
                    return outcome;
                }

                _log.Warning($"{label} attempt {attempt} of {maxAttempts} failed: {outcome.FailureMessage}");
                if (attempt < maxAttempts)
                {
                    var message = _masker.Mask(outcome.FailureMessage ?? string.Empty);
                    Notify(o => o.StepRetrying(new StepRetryingEvent(place.Document.Source, place.Phase, place.Step.Name, attempt, maxAttempts, message)));
                }
            }

            return outcome;
        }

        private async Task<Outcome> RunAttemptAsync(IActionModule module, ActionContext context, StepOutput output, int timeout, string label, Func<ActionContext, CancellationToken, Task<ActionResult>>? execute)
        {
            // Two token sources, as in actions/runner: the step's own timeout, and the run's
            // interruption. The module sees one linked token; afterwards we ask which one fired.
            using var timeoutSource = new CancellationTokenSource();
            if (timeout > 0)
            {
                var span = TimeSpan.FromSeconds(timeout);
                if (span.TotalMilliseconds < uint.MaxValue - 1)
                {
                    timeoutSource.CancelAfter(span);
                }
                else
                {
                    _log.Debug($"{label} timeoutSeconds {timeout} is beyond what a timer can hold; running without a timeout");
                }
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_interruption, timeoutSource.Token);
            ActionResult? result = null;
            string? thrown = null;
            try
            {
                result = await (execute ?? module.ExecuteAsync)(context, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _log.Error($"{label} {module.Name} threw: {ex}");
                thrown = $"{module.Name} failed: {ex.Message}";
            }

            var tail = output.StderrTail;
            if (_interruption.IsCancellationRequested && result is not { Success: true })
            {
                return new Outcome(false, InterruptedMessage, result?.Outputs ?? [], result?.ExitCode, tail) { Interrupted = true, DetailedOutput = result?.DetailedOutput };
            }

            if (timeoutSource.IsCancellationRequested && result is not { Success: true })
            {
                return new Outcome(false, $"timed out after {timeout} seconds", result?.Outputs ?? [], result?.ExitCode, tail) { TimedOut = true };
            }

            if (result is null)
            {
                return new Outcome(false, thrown ?? $"{module.Name} was cancelled", [], null, tail);
            }

            return new Outcome(result.Success, result.Success ? null : result.FailureMessage ?? $"{module.Name} failed", result.Outputs, result.ExitCode, tail) { DetailedOutput = result.DetailedOutput, Reboot = result.Success ? result.Reboot : null };
        }

        private void WriteFailureBlock(StepPlace place, Outcome outcome)
        {
            // The labels of AWSTOE's failure block in console.log (image-failure-context page).
            var message = outcome.FailureMessage ?? string.Empty;
            var newline = message.IndexOf('\n', StringComparison.Ordinal);
            var builder = new StringBuilder()
                .Append("Document: ").AppendLine(place.Document.Source)
                .Append("Phase: ").AppendLine(place.Phase)
                .Append("Step: ").AppendLine(place.Step.Name)
                .Append("Action: ").AppendLine(place.Step.Action)
                .Append("ErrorMessage: ").Append(newline < 0 ? message : message[..newline]);
            if (outcome.StderrTail.Count > 0)
            {
                builder.AppendLine().Append("Stderr: ").Append(string.Join("\n", outcome.StderrTail));
            }

            _console.WriteLine(builder.ToString().ReplaceLineEndings("\n"));
        }

        private string Interrupt(string message)
        {
            _interrupted = true;
            _stopped = true;
            RecordFailure(message, timedOut: false);
            _log.Warning(message);
            return message;
        }

        private void RecordFailure(string message, bool timedOut)
        {
            if (_firstFailure is null)
            {
                _firstFailure = message;
                _firstFailureTimedOut = timedOut;
            }
            else
            {
                _failuresAfterFirst++;
            }
        }

        private RunResult Finish()
        {
            var failed = _firstFailure is not null;
            _report.Status = failed ? Statuses.Failed : Combine(Statuses.Success, _report.Documents.Select(d => d.Status));
            _report.FailureMessage = !failed ? string.Empty
                : _failuresAfterFirst == 0 ? _firstFailure!
                : $"{_firstFailure} (and {_failuresAfterFirst} more failed step(s))";
            _report.EndTime = Timestamps.Format(_clock.Now);
            _console.Flush();
            RemaskDocumentCopies();
            var written = string.Join("; ", new[] { WriteReports(), _console.Failure }.OfType<string>());

            var status = _report.Status == Statuses.Failed ? (_firstFailureTimedOut ? Statuses.TimedOut : Statuses.Failed) : Statuses.Success;
            var failureMessage = _report.FailureMessage;
            if (written.Length > 0)
            {
                status = Statuses.Failed;
                failureMessage = failureMessage.Length == 0 ? written : $"{failureMessage}; {written}";
            }

            var summary = Summary(status, failureMessage);
            _log.Info($"run ended: {summary.ToJson()}");
            ClearState();

            var result = new RunResult { Summary = summary, LogFolder = _folder, DetailedOutput = _report, Interrupted = _interrupted };
            Notify(o => o.RunFinished(result));
            return result;
        }

        /// <summary>
        /// The document copies were written before any step ran; secrets that modules registered since (the
        /// credentials of a WebDownload URL written in the document, say) are masked in them now.
        /// </summary>
        private void RemaskDocumentCopies()
        {
            if (_nested || !_masker.HasSecrets)
            {
                return;
            }

            for (var i = 0; i < _request.Documents.Count; i++)
            {
                var text = _request.Documents[i].Document.Text;
                var masked = _masker.Mask(text);
                if (!string.Equals(masked, text, StringComparison.Ordinal))
                {
                    try
                    {
                        ReportJson.WriteAtomically(Path.Combine(_folder, RunFolder.DocumentFileName(i + 1)), masked);
                    }
                    catch (Exception ex) when (IsFileSystemError(ex))
                    {
                        _log.Warning($"cannot rewrite the masked copy of document {i + 1}: {ex.Message}");
                    }
                }
            }
        }

        /// <summary>The run summary with this run's counts (every step of the whole run, across reboots).</summary>
        private RunSummary Summary(string status, string failureMessage) => new()
        {
            ExecutionId = _request.ExecutionId,
            Status = status,
            ExecutedStepCount = _executed,
            FailedStepCount = _failed,
            IgnoredFailedStepCount = _ignored,
            SkippedStepCount = _skipped,
            FailureMessage = failureMessage,
        };

        /// <summary>Writes detailedoutput.json and chaining.json atomically; returns a message when it could not.</summary>
        private string? WriteReports()
        {
            if (_nested)
            {
                return null;
            }

            try
            {
                ReportJson.WriteAtomically(Path.Combine(_folder, RunFolder.DetailedOutputFile), _report);
                ReportJson.WriteAtomically(Path.Combine(_folder, RunFolder.ChainingFile), _chainingReport);
                return null;
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                var message = $"cannot write {RunFolder.DetailedOutputFile} in '{_folder}': {ex.Message}";
                _log.Error(message);
                return message;
            }
        }

        private string Describe()
        {
            try
            {
                return _request.DescribeInterruption?.Invoke() ?? "SIGINT/SIGTERM";
            }
            catch (Exception ex)
            {
                _log.Warning($"DescribeInterruption threw: {ex.Message}");
                return "SIGINT/SIGTERM";
            }
        }

        private void Notify(Action<IRunObserver> call)
        {
            try
            {
                call(_observer);
            }
            catch (Exception ex)
            {
                _log.Warning($"run observer threw: {ex}");
            }
        }

        private JsonNode? Mask(JsonNode? node)
        {
            if (node is null || !_masker.HasSecrets)
            {
                return node;
            }

            return node switch
            {
                JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Mask(p.Value?.DeepClone())))),
                JsonArray a => new JsonArray([.. a.Select(i => Mask(i?.DeepClone()))]),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(_masker.Mask(v.GetValue<string>())),
                _ => node.DeepClone(),
            };
        }

        private static JsonArray AsList(JsonNode? inputs) => inputs switch
        {
            null => [],
            JsonArray array => array,
            _ => [inputs],
        };

        private static string Combine(string initial, IEnumerable<string> statuses)
        {
            var result = initial;
            foreach (var status in statuses)
            {
                if (status == Statuses.Failed)
                {
                    return Statuses.Failed;
                }

                if (status is Statuses.Ignored or Statuses.SuccessWithIgnoredFailure)
                {
                    result = Statuses.SuccessWithIgnoredFailure;
                }
            }

            return result;
        }

        /// <summary>Each step parses its onFailure; a lookup instead of Enum.GetValues, which allocates and reflects under Native AOT.</summary>
        private static readonly Dictionary<string, OnFailure> OnFailureNames = new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(OnFailure.Abort)] = OnFailure.Abort,
            [nameof(OnFailure.Continue)] = OnFailure.Continue,
            [nameof(OnFailure.Ignore)] = OnFailure.Ignore,
        };

        private static OnFailure ParseOnFailure(string text, List<string> errors)
        {
            if (OnFailureNames.TryGetValue(text.Trim(), out var value))
            {
                return value;
            }

            errors.Add($"onFailure is '{text}'; it must be Abort, Continue or Ignore");
            return OnFailure.Abort;
        }

        private static int ParseInteger(string text, string name, int fallback, List<string> errors)
        {
            if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add($"{name} is '{text}'; it must be a whole number");
            return fallback;
        }
    }

    private sealed record StepPlace(int DocumentIndex, ComponentDocument Document, string DocumentDirectory, string Phase, Step Step, bool LoggingDisabled = false);

    private sealed record Outcome(bool Success, string? FailureMessage, JsonObject Outputs, int? ExitCode, IReadOnlyList<string> StderrTail)
    {
        /// <summary>The step asks for a reboot (a successful attempt only).</summary>
        public RebootRequest? Reboot { get; init; }

        public bool TimedOut { get; init; }

        public bool Interrupted { get; init; }

        public int Attempts { get; init; } = 1;

        /// <summary>ExecuteDocument: the nested run's report, for the step's <c>detailedOutput</c>.</summary>
        public JsonNode? DetailedOutput { get; init; }

        /// <summary>The step's <c>if</c> chose Skip: a success that ran nothing (the message says why).</summary>
        public bool Skipped { get; init; }

        /// <summary>A failure before any attempt ran (settings, references, unknown action).</summary>
        public static Outcome Failure(string message) => new(false, message, [], null, []) { Attempts = 0 };

        public static Outcome SkippedBy(string explanation) => new(true, explanation, [], null, []) { Attempts = 0, Skipped = true };
    }
}

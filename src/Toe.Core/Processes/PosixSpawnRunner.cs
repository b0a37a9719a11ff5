namespace Toe.Processes;

/// <summary>
/// <see cref="IProcessRunner"/> for Linux that starts each program with posix_spawn and follows its output and exit
/// with one poll(2) (<see cref="SpawnedChild"/>). A short program is followed entirely on the calling thread, so the
/// engine goes on the moment it ends; a program that outlasts <see cref="CallerThreadBudget"/> is followed on a
/// thread of its own. Same contract as the CliWrap-based <see cref="ProcessRunner"/>, which stays the runner
/// elsewhere and for raw command lines. Why: docs/adr/0006-spawning-step-programs.md.
/// </summary>
public sealed class PosixSpawnRunner : IProcessRunner
{
    /// <summary>How long a program is followed on the calling thread before the following moves to a thread of its own.</summary>
    public static readonly TimeSpan CallerThreadBudget = TimeSpan.FromMilliseconds(50);

    private readonly ProcessTerminationOptions _options;
    private readonly ProcessRunner _rawCommandLines;
    private readonly TimeSpan _callerThreadBudget;
    private InheritedEnvironment? _environment;

    public PosixSpawnRunner(ProcessTerminationOptions? options = null)
        : this(options, CallerThreadBudget)
    {
    }

    /// <param name="callerThreadBudget">Tests pin the phase: <see cref="Timeout.InfiniteTimeSpan"/> keeps every program on the caller's thread, zero none.</param>
    internal PosixSpawnRunner(ProcessTerminationOptions? options, TimeSpan callerThreadBudget)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("PosixSpawnRunner needs Linux 5.3 or later (pidfd_open) and a libc with posix_spawn_file_actions_addchdir_np");
        }

        _options = options ?? ProcessTerminationOptions.Default;
        _rawCommandLines = new ProcessRunner(_options);
        _callerThreadBudget = callerThreadBudget;
    }

    public static bool IsSupported => SpawnedChild.IsSupported;

    /// <summary>This runner where the machine supports it, else the CliWrap-based <see cref="ProcessRunner"/>.</summary>
    public static IProcessRunner OrFallback(ProcessTerminationOptions? options = null) =>
        IsSupported ? new PosixSpawnRunner(options) : new ProcessRunner(options);

    public async Task<ProcessRunResult> RunAsync(ProcessSpec spec, IOutputSink output, CancellationToken cancellationToken)
    {
        if (spec.RawArguments is not null)
        {
            // A raw command line is a Windows notion; .NET's own splitting rules apply to it elsewhere.
            return await _rawCommandLines.RunAsync(spec, output, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var marker = Guid.NewGuid().ToString("N");
        // posix_spawn takes a path, and a relative one would be taken from the new working directory: a bare name is
        // looked up on PATH and a relative path made absolute from Toe's, as .NET's Process does for the other runner.
        var program = spec.FileName.Contains('/', StringComparison.Ordinal)
            ? Path.GetFullPath(spec.FileName)
            : ExecutableLocator.Find(spec.FileName) ?? throw new ProcessStartException($"could not start '{spec.FileName}': it was not found on PATH");
        // Read at the first program, not at construction: a test sets variables after making its runner.
        _environment ??= InheritedEnvironment.Read();
        using var child = SpawnedChild.Start(program, spec, marker, _environment, output);
        var pid = child.Pid;

        PumpOutcome outcome;
        try
        {
            spec.Log?.Invoke($"started process {pid}: {spec.FileName} {string.Join(' ', spec.Arguments)}");
            using (cancellationToken.UnsafeRegister(static state => ((SpawnedChild)state!).RequestCancel(), child))
            {
                outcome = child.Pump(_callerThreadBudget, stopOnCancel: true, _options.OutputDrainGrace);
                if (outcome == PumpOutcome.BudgetSpent)
                {
                    outcome = await child.PumpOnThreadAsync(stopOnCancel: true, _options.OutputDrainGrace).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sink failed (disk full under console.log, say): nothing can take the output any more, so the program
            // must not run on unseen.
            spec.Log?.Invoke($"ending process {pid}: its output could not be handled ({ex.Message})");
            child.CloseOutput(handOnLastLines: false);
            await EndTreeAsync(child, marker, spec).ConfigureAwait(false);
            throw;
        }

        switch (outcome)
        {
            case PumpOutcome.Finished:
                spec.Log?.Invoke($"process {pid} exited with code {child.ExitCode}");
                return new ProcessRunResult(child.ExitCode);
            case PumpOutcome.OutputAbandoned:
                spec.Log?.Invoke($"process {pid} exited but background processes still hold its stdout/stderr; stopped reading their output");
                return new ProcessRunResult(child.ExitCode) { OutputAbandoned = true };
            default:
                spec.Log?.Invoke($"cancelling process {pid}");
                await EndTreeAsync(child, marker, spec).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Ends the program's tree (SIGINT, SIGTERM, SIGKILL) while its output is still read and its exit watched. Returns
    /// only once nothing follows the child any more, so it can be disposed.
    /// </summary>
    private async Task EndTreeAsync(SpawnedChild child, string marker, ProcessSpec spec)
    {
        var following = child.PumpOnThreadAsync(
            stopOnCancel: false,
            _options.OutputDrainGrace,
            onSinkFailure: ex => spec.Log?.Invoke($"output of process {child.Pid} dropped while its tree is ended: {ex.Message}"));
        try
        {
            await ProcessTree.TerminateAsync(child.Pid, marker, child.Gone, _options, spec.Log).ConfigureAwait(false);

            // The tree is gone, so the pipes should close at once; do not wait on stragglers.
            await Task.WhenAny(following, Task.Delay(_options.OutputDrainGrace, CancellationToken.None)).ConfigureAwait(false);
        }
        finally
        {
            child.RequestStop();
            try
            {
                await following.ConfigureAwait(false);
                child.CloseOutput();
            }
            catch (IOException)
            {
            }
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using CliWrap;

namespace Toe.Processes;

/// <summary>
/// <see cref="IProcessRunner"/> on CliWrap. The program runs directly (no shell, no wrapper
/// process: a <c>setsid</c> wrapper costs a whole extra exec per step, see ADR 0001). Output is
/// streamed line by line to the sink. On cancellation the process tree is ended with
/// <see cref="ProcessTree.TerminateAsync"/>.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private readonly ProcessTerminationOptions _options;

    public ProcessRunner(ProcessTerminationOptions? options = null)
    {
        _options = options ?? ProcessTerminationOptions.Default;
    }

    public async Task<ProcessRunResult> RunAsync(ProcessSpec spec, IOutputSink output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var marker = Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (spec.Environment is not null)
        {
            foreach (var (key, value) in spec.Environment)
            {
                environment[key] = value;
            }
        }

        environment[ProcessTree.MarkerVariable] = marker;

        // Cancelling this token makes CliWrap stop reading the pipes (and kill the root if it is
        // still there). It is only cancelled once the tree is gone or the program has exited.
        using var stopReading = new CancellationTokenSource();

        var program = Cli.Wrap(spec.FileName);
        program = spec.RawArguments is { } raw ? program.WithArguments(raw) : program.WithArguments(spec.Arguments);
        var command = program
            .WithWorkingDirectory(spec.WorkingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.Create((stream, token) => OutputPump.PumpAsync(stream, OutputKind.Stdout, output, token)))
            .WithStandardErrorPipe(PipeTarget.Create((stream, token) => OutputPump.PumpAsync(stream, OutputKind.Stderr, output, token)));

        Task<int> exited = Task.FromResult(-1);
        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync(
                _ => { },
                process => exited = ExitCodeWhenExited(process),
                stopReading.Token,
                CancellationToken.None);
        }
        catch (Win32Exception ex)
        {
            throw new ProcessStartException($"could not start '{spec.FileName}': {(ex.InnerException ?? ex).Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new ProcessStartException($"could not start '{spec.FileName}': {ex.Message}", ex);
        }

        var pid = running.ProcessId;
        spec.Log?.Invoke($"started process {pid}: {spec.FileName} {spec.RawArguments ?? string.Join(' ', spec.Arguments)}");

        var cancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = cancellationToken.Register(() => cancellation.TrySetResult());
        var cancelled = cancellation.Task;
        var first = await Task.WhenAny(running.Task, exited, cancelled).ConfigureAwait(false);

        if (first != cancelled && !running.Task.IsCompleted)
        {
            // The program has exited but its pipes are still open: something it started in the
            // background inherited them. Give that output a moment, then stop reading.
            using var drainTimer = new CancellationTokenSource();
            var drain = Task.Delay(_options.OutputDrainGrace, drainTimer.Token);
            first = await Task.WhenAny(running.Task, drain, cancelled).ConfigureAwait(false);
            // Cancel, not CancelAsync: this runs on nearly every step (the exit event usually comes before the pipes'
            // end), and CancelAsync hands the cancellation to the thread pool and makes this await it, a thread hop
            // between the step's program ending and the next step starting. The only callback is Task.Delay's timer.
            drainTimer.Cancel();
            if (first == drain)
            {
                spec.Log?.Invoke($"process {pid} exited but background processes still hold its stdout/stderr; stopped reading their output");
                await stopReading.CancelAsync().ConfigureAwait(false);
                await SwallowCancellation(running.Task).ConfigureAwait(false);
                return new ProcessRunResult(await exited.ConfigureAwait(false)) { OutputAbandoned = true };
            }
        }

        if (first == cancelled)
        {
            spec.Log?.Invoke($"cancelling process {pid}");
            await ProcessTree.TerminateAsync(pid, marker, exited, _options, spec.Log).ConfigureAwait(false);

            // The tree is gone, so the pipes should close at once; do not wait on stragglers.
            if (await Task.WhenAny(running.Task, Task.Delay(_options.OutputDrainGrace, CancellationToken.None)).ConfigureAwait(false) != running.Task)
            {
                await stopReading.CancelAsync().ConfigureAwait(false);
            }

            await SwallowCancellation(running.Task).ConfigureAwait(false);
            throw new OperationCanceledException(cancellationToken);
        }

        var result = await running.Task.ConfigureAwait(false);
        spec.Log?.Invoke($"process {pid} exited with code {result.ExitCode}");
        return new ProcessRunResult(result.ExitCode);
    }

    /// <summary>
    /// The exit code, read in the Exited event itself. Awaiting Process.WaitForExitAsync instead races
    /// with CliWrap disposing the process once its own wait and the pipes are done: the await then ends
    /// in an InvalidOperationException on most steps, and an exception costs tens of microseconds per
    /// step under Native AOT (perf).
    /// </summary>
    private static Task<int> ExitCodeWhenExited(Process process)
    {
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => exited.TrySetResult(ExitCodeOf(process));
        if (process.HasExited)
        {
            exited.TrySetResult(ExitCodeOf(process));
        }

        return exited.Task;
    }

    private static int ExitCodeOf(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // Includes ObjectDisposedException: CliWrap disposed the process first.
            return -1;
        }
    }

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

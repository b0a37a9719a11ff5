using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// ExecuteBinary: runs <c>path</c> with <c>arguments</c>, each argument passed as is (no shell).
/// A path without a '/' is looked up on PATH; a relative path with one is relative to Toe's
/// current directory. Output <c>stdout</c> and exit codes as <see cref="ExecuteBash"/>.
/// </summary>
public sealed class ExecuteBinary : IActionModule
{
    private readonly int _stdoutLimit;

    public ExecuteBinary(int stdoutLimit = ExecuteBash.DefaultStdoutLimit)
    {
        _stdoutLimit = stdoutLimit;
    }

    public string Name => "ExecuteBinary";

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!InputReader.TryGetString(context.Inputs, "path", out var path, out var error)
            || !InputReader.TryGetStringList(context.Inputs, "arguments", required: false, out var arguments, out error))
        {
            return ActionResult.Failed($"{Name}: {error}");
        }

        string program;
        if (path.Contains('/', StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.Contains('\\', StringComparison.Ordinal)))
        {
            program = Path.GetFullPath(path);
            if (!File.Exists(program))
            {
                return ActionResult.Failed($"{Name}: the file '{path}' does not exist");
            }
        }
        else
        {
            var found = ExecutableLocator.Find(path);
            if (found is null)
            {
                return ActionResult.Failed($"{Name}: '{path}' was not found on PATH");
            }

            program = found;
        }

        context.Log.Debug($"running {program} with {arguments.Count} argument(s): {string.Join(" ", arguments.Select(a => $"[{a}]"))}");
        var capture = new StdoutCapture(context.Output, _stdoutLimit);
        ProcessRunResult run;
        try
        {
            run = await context.ProcessRunner.RunAsync(new ProcessSpec(program, arguments) { Log = context.Log.Debug }, capture, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }

        return ProcessModuleResult.From(Name, run, capture, context);
    }
}

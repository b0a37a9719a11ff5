using System.Text;
using System.Text.Json.Nodes;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// ExecuteBash: the <c>commands</c> are joined with newlines into <c>input.sh</c> in the step's
/// folder and run as <c>bash input.sh</c> (bash found on PATH). Output <c>stdout</c>: what the
/// script printed, one final newline removed, at most <see cref="DefaultStdoutLimit"/> bytes kept.
/// Exit code 0 is success; 194 asks for a reboot, after which the same step runs again.
/// </summary>
public sealed class ExecuteBash : IActionModule, IScratchFiles
{
    /// <summary>The most stdout kept for the <c>stdout</c> output (console.log always gets everything).</summary>
    public const int DefaultStdoutLimit = 1024 * 1024;

    public const string ScriptFileName = "input.sh";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly int _stdoutLimit;
    private readonly Func<string?> _findBash;

    public ExecuteBash(int stdoutLimit = DefaultStdoutLimit, Func<string?>? findBash = null)
    {
        _stdoutLimit = stdoutLimit;
        _findBash = findBash ?? (() => ExecutableLocator.Find("bash"));
    }

    public string Name => "ExecuteBash";

    /// <summary>input.sh, with the script when the inputs are known ahead (written ahead by the engine, off the critical path).</summary>
    public IReadOnlyList<ScratchFile> ScratchFiles(JsonNode? inputs) =>
        [new(ScriptFileName, inputs is not null && InputReader.TryGetStringList(inputs, "commands", required: true, out var commands, out _) ? ScriptFile.Encode(ScriptText(commands), Utf8) : null)];

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!InputReader.TryGetStringList(context.Inputs, "commands", required: true, out var commands, out var error))
        {
            return ActionResult.Failed($"{Name}: {error}");
        }

        var bash = _findBash();
        if (bash is null)
        {
            return ActionResult.Failed($"{Name} needs bash, but no executable 'bash' was found on PATH ({Environment.GetEnvironmentVariable("PATH")})");
        }

        var script = Path.Combine(context.ScratchDirectory, ScriptFileName);
        var text = ScriptText(commands);
        var bytes = ScriptFile.Encode(text, Utf8);
        if (!context.ScratchFilesWritten.TryGetValue(script, out var written) || !written.AsSpan().SequenceEqual(bytes))
        {
            ScriptFile.Write(script, bytes);
        }

        context.Log.Debug($"running {bash} {script}:\n{text}");

        var capture = new StdoutCapture(context.Output, _stdoutLimit);
        ProcessRunResult run;
        try
        {
            run = await context.ProcessRunner.RunAsync(new ProcessSpec(bash, [script]) { Log = context.Log.Debug }, capture, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }

        return ProcessModuleResult.From(Name, run, capture, context);
    }

    private static string ScriptText(IReadOnlyList<string> commands)
    {
        var text = string.Join('\n', commands);
        return text.EndsWith('\n') ? text : text + "\n";
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// ExecutePowerShell: exactly one of <c>commands</c> (joined with newlines into <c>input.ps1</c> in the step's
/// folder) or <c>file</c> (an existing .ps1 script), run with <c>-NoProfile -NonInteractive -ExecutionPolicy Bypass
/// -File</c>. Windows PowerShell on Windows; PowerShell 7 (<c>pwsh</c>) on Linux and macOS, an addition of Toe's.
/// <see cref="PowerShellVariable"/> names another PowerShell executable on any platform.
/// Exit code 3010 asks for a reboot and the step runs again afterwards, as in AWSTOE. Linux and macOS keep only
/// the low 8 bits of an exit code, so there <c>exit 3010</c> arrives as 194 (3010 mod 256), which is also
/// the Linux reboot code of the other modules: 194 asks for the reboot there.
/// Output <c>stdout</c> as <see cref="ExecuteBash"/>.
/// </summary>
public sealed class ExecutePowerShell : IActionModule
{
    /// <summary>Environment variable naming the PowerShell executable to use instead of the default.</summary>
    public const string PowerShellVariable = "TOE_PWSH";

    public const string ScriptFileName = "input.ps1";

    /// <summary>The exit code with which PowerShell scripts ask for a reboot (Windows).</summary>
    public const int RebootExitCode = 3010;

    /// <summary>3010 as a Linux or macOS parent sees it: exit codes are 8 bits there.</summary>
    public const int RebootExitCodeUnix = RebootExitCode & 0xFF;

    // Windows PowerShell 5.1 reads a script without a byte-order mark in the ANSI code page: the BOM keeps
    // non-ASCII commands intact there, and pwsh accepts it too.
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private readonly int _stdoutLimit;
    private readonly Func<PowerShellLookup> _findPowerShell;

    public ExecutePowerShell(int stdoutLimit = ExecuteBash.DefaultStdoutLimit, Func<PowerShellLookup>? findPowerShell = null)
    {
        _stdoutLimit = stdoutLimit;
        _findPowerShell = findPowerShell ?? (() => FindPowerShell(Environment.GetEnvironmentVariable(PowerShellVariable), Environment.GetEnvironmentVariable("PATH")));
    }

    public string Name => "ExecutePowerShell";

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var inputs = context.Inputs as JsonObject;
        var hasCommands = inputs?["commands"] is not null;
        var hasFile = inputs?["file"] is not null;
        if (hasCommands == hasFile)
        {
            return ActionResult.Failed(hasCommands
                ? $"{Name}: give either 'commands' or 'file', not both"
                : $"{Name}: input 'commands' (a list of PowerShell lines) or 'file' (the path of a .ps1 script) is required");
        }

        string script;
        if (hasFile)
        {
            if (!InputReader.TryGetString(inputs, "file", out var file, out var error))
            {
                return ActionResult.Failed($"{Name}: {error}");
            }

            if (!TryResolveScript(file, out script, out error))
            {
                return ActionResult.Failed($"{Name}: {error}");
            }
        }
        else
        {
            if (!InputReader.TryGetStringList(inputs, "commands", required: true, out var commands, out var error))
            {
                return ActionResult.Failed($"{Name}: {error}");
            }

            if (commands.Count == 0)
            {
                return ActionResult.Failed($"{Name}: input 'commands' is an empty list; give at least one PowerShell line");
            }

            script = Path.Combine(context.ScratchDirectory, ScriptFileName);
            ScriptFile.Write(script, string.Join('\n', commands) + "\n", Utf8WithBom);
        }

        var lookup = _findPowerShell();
        if (lookup.Executable is null)
        {
            return ActionResult.Failed($"{Name}: {lookup.Problem}");
        }

        string[] arguments = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", script];
        context.Log.Debug($"running {lookup.Executable} {string.Join(' ', arguments)}");
        var capture = new StdoutCapture(context.Output, _stdoutLimit);
        ProcessRunResult run;
        try
        {
            run = await context.ProcessRunner.RunAsync(new ProcessSpec(lookup.Executable, arguments) { Log = context.Log.Debug }, capture, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }

        var outputs = new JsonObject { ["stdout"] = capture.Text() };
        if (capture.Truncated)
        {
            context.Log.Warning($"stdout was {capture.TotalBytes} bytes; the 'stdout' output keeps only the first {capture.Text().Length} characters (console.log has all of it)");
        }

        if (run.ExitCode == 0)
        {
            return ActionResult.Succeeded(outputs, run.ExitCode);
        }

        if (IsRebootExitCode(run.ExitCode, OperatingSystem.IsWindows()))
        {
            var reason = $"{Name} exited with code {run.ExitCode}, which asks for a reboot; the step runs again after it";
            return ActionResult.RebootRequested(new RebootRequest(RerunStep: true, DelaySeconds: 0, reason), outputs, run.ExitCode);
        }

        return ActionResult.Failed(ProgramFailure.Message(Name, run.ExitCode, context), run.ExitCode, outputs);
    }

    /// <summary>3010 asks for a reboot; on Linux and macOS so does 194, the form in which 3010 reaches the parent there.</summary>
    public static bool IsRebootExitCode(int exitCode, bool windows) =>
        exitCode == RebootExitCode || (!windows && exitCode == RebootExitCodeUnix);

    /// <summary>
    /// Where PowerShell is: <paramref name="configured"/> (TOE_PWSH) when set; otherwise on Windows
    /// <c>powershell.exe</c> on PATH or in its system folder, elsewhere <c>pwsh</c> on PATH.
    /// </summary>
    public static PowerShellLookup FindPowerShell(string? configured, string? pathVariable)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ExecutableLocator.IsExecutableFile(configured)
                ? new PowerShellLookup(Path.GetFullPath(configured), null)
                : new PowerShellLookup(null, $"{PowerShellVariable} is set to '{configured}', which is not an executable file; point it at pwsh or powershell.exe, or unset it");
        }

        if (OperatingSystem.IsWindows())
        {
            var found = ExecutableLocator.Find("powershell.exe", pathVariable);
            var system = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "WindowsPowerShell", "v1.0", "powershell.exe");
            return found is not null ? new PowerShellLookup(found, null)
                : File.Exists(system) ? new PowerShellLookup(system, null)
                : new PowerShellLookup(null, $"Windows PowerShell (powershell.exe) was found neither on PATH nor at {system}; set {PowerShellVariable} to a PowerShell executable");
        }

        var pwsh = ExecutableLocator.Find("pwsh", pathVariable);
        return pwsh is not null
            ? new PowerShellLookup(pwsh, null)
            : new PowerShellLookup(null, $"PowerShell 7 ('pwsh') is not installed: it was not found on PATH ({pathVariable}). Install PowerShell (https://aka.ms/install-powershell) or set {PowerShellVariable} to the pwsh executable");
    }

    private static bool TryResolveScript(string file, out string script, out string error)
    {
        script = string.Empty;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(file))
        {
            error = "input 'file' is empty; give the path of a .ps1 script";
            return false;
        }

        var full = Path.GetFullPath(file);
        if (!full.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            error = $"input 'file' must be a PowerShell script ending in .ps1, not '{file}'";
            return false;
        }

        if (!File.Exists(full))
        {
            error = Directory.Exists(full) ? $"input 'file' names the folder '{full}', not a .ps1 script" : $"the script '{full}' does not exist";
            return false;
        }

        script = full;
        return true;
    }
}

/// <summary>The PowerShell executable found, or why there is none (for the step's failure message).</summary>
public sealed record PowerShellLookup(string? Executable, string? Problem);

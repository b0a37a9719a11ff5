using System.Text.Json.Nodes;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>How the program-running modules (ExecuteBash, ExecuteBinary) turn an exit code into a result. Not a module.</summary>
internal static class ProcessModuleResult
{
    /// <summary>The exit code with which Linux and macOS scripts ask AWSTOE for a reboot.</summary>
    public const int RebootExitCode = 194;

    /// <summary>The exit code with which Windows programs ask for a reboot (ERROR_SUCCESS_REBOOT_REQUIRED).</summary>
    public const int WindowsRebootExitCode = 3010;

    /// <summary>The reboot exit code of this platform: 3010 on Windows, 194 elsewhere.</summary>
    public static int PlatformRebootExitCode => OperatingSystem.IsWindows() ? WindowsRebootExitCode : RebootExitCode;

    public static ActionResult From(string module, ProcessRunResult run, StdoutCapture capture, ActionContext context)
    {
        var outputs = new JsonObject { ["stdout"] = capture.Text() };
        if (capture.Truncated)
        {
            context.Log.Warning($"stdout was {capture.TotalBytes} bytes; the 'stdout' output keeps only the first {capture.Text().Length} characters (console.log has all of it)");
        }

        if (run.OutputAbandoned)
        {
            context.Log.Warning("the program exited while processes it started in the background still held stdout/stderr; their later output is not in console.log");
        }

        if (run.ExitCode == 0)
        {
            return ActionResult.Succeeded(outputs, run.ExitCode);
        }

        // "After the system restarts, the application runs the same step that initiated the restart."
        if (run.ExitCode == PlatformRebootExitCode)
        {
            return ActionResult.RebootRequested(new RebootRequest(RerunStep: true, DelaySeconds: 0, $"{module} exited with code {run.ExitCode}"), outputs, run.ExitCode);
        }

        var message = $"{module} failed with exit code {run.ExitCode}";
        var tail = context.Output.StderrTail;
        if (tail.Count > 0)
        {
            message += "\nLast lines of stderr:\n" + string.Join("\n", tail);
        }

        return ActionResult.Failed(message, run.ExitCode, outputs);
    }
}

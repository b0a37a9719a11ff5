using System.Text.Json.Nodes;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>How the program-running modules (ExecuteBash, ExecuteBinary) turn an exit code into a result. Not a module.</summary>
internal static class ProcessModuleResult
{
    /// <summary>The exit code with which Linux scripts ask AWSTOE for a reboot.</summary>
    public const int RebootExitCode = 194;

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

        if (run.ExitCode == RebootExitCode)
        {
            return ActionResult.Failed($"{module} exited with code {RebootExitCode}, which asks for a reboot; reboot is not supported yet in Toe", run.ExitCode, outputs);
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

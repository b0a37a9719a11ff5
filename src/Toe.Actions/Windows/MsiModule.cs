using System.Text.Json.Nodes;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions.Windows;

/// <summary>
/// What InstallMSI and UninstallMSI share: check the inputs (<see cref="MsiRequest"/>), check the installer's
/// signature (<see cref="Authenticode"/>), run msiexec with <see cref="MsiCommandLine"/>, and turn its exit code
/// into success, a reboot request (<see cref="MsiExitCodes.RebootAfter"/>; the install is done, so the step
/// does not run again) or a failure. Outputs <c>logFile</c> (as written), <c>msiExitCode</c> and <c>stdout</c>.
/// </summary>
public abstract class MsiModule : IActionModule
{
    private readonly int _stdoutLimit;

    protected MsiModule(int stdoutLimit)
    {
        _stdoutLimit = stdoutLimit;
    }

    public abstract string Name { get; }

    protected abstract MsiOperation Operation { get; }

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            return WindowsOnly.Failure(Name);
        }

        MsiRequest request;
        string msi;
        string? logFile = null;
        try
        {
            request = MsiRequest.Parse(Operation, context.Inputs);
            if (request.IsRemote)
            {
                return ActionResult.Failed($"{Name}: path '{request.Path}' is an S3 URI or web URL, which Toe does not download for this module yet; download the installer with S3Download or WebDownload in an earlier step and give its local path");
            }

            msi = Path.GetFullPath(request.Path);
            if (!File.Exists(msi))
            {
                return ActionResult.Failed($"{Name}: the installer '{msi}' does not exist");
            }

            if (request.LogFile is not null)
            {
                logFile = Path.GetFullPath(request.LogFile);
                Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            }
        }
        catch (ItemFailedException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return ActionResult.Failed($"{Name}: permission denied: {ex.Message}");
        }

        try
        {
            var refusal = await CheckSignatureAsync(request, msi, context, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return ActionResult.Failed($"{Name}: {refusal}");
            }

            return await RunMsiexecAsync(request, msi, logFile, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }
    }

    private async Task<ActionResult> RunMsiexecAsync(MsiRequest request, string msi, string? logFile, ActionContext context, CancellationToken cancellationToken)
    {
        var msiexec = Path.Combine(Environment.SystemDirectory, "msiexec.exe");
        if (!File.Exists(msiexec))
        {
            msiexec = ExecutableLocator.Find("msiexec.exe") ?? msiexec;
        }

        var commandLine = MsiCommandLine.Join(MsiCommandLine.Arguments(request, msi, logFile));
        context.Log.Debug($"running {msiexec} {commandLine}");
        var capture = new StdoutCapture(context.Output, _stdoutLimit);
        var spec = new ProcessSpec(msiexec) { RawArguments = commandLine, Log = context.Log.Debug };
        var run = await context.ProcessRunner.RunAsync(spec, capture, cancellationToken).ConfigureAwait(false);
        var code = run.ExitCode;
        var outputs = new JsonObject { ["logFile"] = request.LogFile ?? string.Empty, ["msiExitCode"] = code, ["stdout"] = capture.Text() };

        if (!MsiExitCodes.Successful(Operation).Contains(code))
        {
            var message = ProgramFailure.Message($"{Name}: msiexec", code, context);
            if (MsiExitCodes.Describe(code) is { } meaning)
            {
                message += $" ({meaning})";
            }

            message += logFile is null ? "; set 'logFile' to keep the MSI log" : $"; the MSI log is {logFile}";
            return ActionResult.Failed(message, code, outputs);
        }

        if (MsiExitCodes.RebootAfter(request.Reboot, code))
        {
            var why = request.Reboot == MsiReboot.Force ? "reboot: Force" : $"msiexec exited with code {code}";
            return ActionResult.RebootRequested(new RebootRequest(RerunStep: false, DelaySeconds: 0, $"{Name}: {why}"), outputs, code);
        }

        if (MsiExitCodes.WantsReboot(code))
        {
            context.Output.WriteLine(OutputKind.Stdout, $"{Name}: msiexec exited with code {code}: a reboot is required to finish, but 'reboot' is Skip, so Toe does not reboot");
        }

        return ActionResult.Succeeded(outputs, code);
    }

    private static async Task<string?> CheckSignatureAsync(MsiRequest request, string msi, ActionContext context, CancellationToken cancellationToken)
    {
        if (request.IgnoreAuthenticodeSignatureErrors && request.AllowUnsignedInstaller)
        {
            return null;
        }

        var powershell = ExecutePowerShell.FindPowerShell(null, Environment.GetEnvironmentVariable("PATH"));
        if (powershell.Executable is null)
        {
            return $"cannot check the installer's signature: {powershell.Problem}";
        }

        var collector = new OutputCollector(context.Output);
        var spec = new ProcessSpec(powershell.Executable, ["-NoProfile", "-NonInteractive", "-Command", Authenticode.StatusScript])
        {
            Environment = new Dictionary<string, string?> { [Authenticode.PathVariable] = msi },
            Log = context.Log.Debug,
        };
        var run = await context.ProcessRunner.RunAsync(spec, collector, cancellationToken).ConfigureAwait(false);
        var status = run.ExitCode == 0 ? collector.Lines.LastOrDefault(l => l.Trim().Length > 0) ?? string.Empty : string.Empty;
        context.Log.Debug($"Get-AuthenticodeSignature '{msi}': {(status.Length == 0 ? $"no status (exit code {run.ExitCode})" : status)}");
        return Authenticode.Refusal(status, msi, request.IgnoreAuthenticodeSignatureErrors, request.AllowUnsignedInstaller);
    }
}

using System.Text.Json.Nodes;
using Toe.Actions.Packages;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// UpdateOS on Linux: picks the package manager (<see cref="PackageManagerDetector"/>: apt-get, dnf, yum or zypper,
/// Amazon Linux 2023 included), runs the update non-interactively with <c>include</c>/<c>exclude</c>, and asks for a
/// reboot (the update is done, so the step does not run again) when a kernel was installed (a new folder in
/// /lib/modules), when Debian/Ubuntu's /var/run/reboot-required exists, or when zypper says so (exit code 102).
/// Windows updates are not implemented yet; macOS has no UpdateOS (as in AWSTOE).
/// </summary>
public sealed class UpdateOs : IActionModule
{
    private readonly UpdateOsSystem _system;

    public UpdateOs(UpdateOsSystem? system = null)
    {
        _system = system ?? UpdateOsSystem.Host;
    }

    public string Name => "UpdateOS";

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return ActionResult.Failed($"{Name}: Windows updates are not implemented yet in Toe; only Linux (apt-get, dnf, yum, zypper) is");
        }

        if (OperatingSystem.IsMacOS())
        {
            return ActionResult.Failed($"{Name} is not supported on macOS (AWSTOE has no UpdateOS there either); run softwareupdate with ExecuteBash");
        }

        if (context.Inputs is not (null or JsonObject))
        {
            return ActionResult.Failed($"{Name}: inputs must be a mapping with 'include' and/or 'exclude' lists, or left out to install every update");
        }

        if (!InputReader.TryGetStringList(context.Inputs, "include", required: false, out var include, out var error)
            || !InputReader.TryGetStringList(context.Inputs, "exclude", required: false, out var exclude, out error))
        {
            return ActionResult.Failed($"{Name}: {error}");
        }

        var selection = new UpdateSelection(include, exclude);
        if (selection.Problem() is { } problem)
        {
            return ActionResult.Failed($"{Name}: {problem}");
        }

        var path = _system.PathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var os = OsRelease.Read(_system.OsReleaseFile);
        var manager = PackageManagerDetector.Detect(os, name => ExecutableLocator.Find(name, path));
        if (manager is null)
        {
            return ActionResult.Failed($"{Name}: no supported package manager ({string.Join(", ", PackageManagerDetector.FallbackOrder)}) was found on PATH ({path}) on {os.Describe()}");
        }

        context.Output.WriteLine(OutputKind.Stdout, $"UpdateOS: updating {os.Describe()} with {manager.Name}"
            + (include.Count > 0 ? $"; include: {string.Join(", ", include)}" : "; all available updates")
            + (exclude.Count > 0 ? $"; exclude: {string.Join(", ", exclude)}" : string.Empty));

        var kernelsBefore = _system.InstalledKernels();
        var shell = new StepShell(context, manager, _system.PathVariable, path);
        UpdateOutcome outcome;
        try
        {
            outcome = await manager.UpdateAsync(selection, shell, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageUpdateException ex)
        {
            var message = ProgramFailure.WithStderr($"{Name}: {ex.Message}", context);
            if (!Environment.IsPrivilegedProcess)
            {
                message += "\nUpdateOS needs root: run toe with sudo";
            }

            return ActionResult.Failed(message, ex.ExitCode);
        }
        catch (ProcessStartException ex)
        {
            return ActionResult.Failed($"{Name}: {ex.Message}");
        }

        var reason = RebootReason(outcome, kernelsBefore);
        if (reason is null)
        {
            return ActionResult.Succeeded();
        }

        context.Output.WriteLine(OutputKind.Stdout, $"UpdateOS: {reason}; asking for a reboot");
        return ActionResult.RebootRequested(new RebootRequest(RerunStep: false, DelaySeconds: 0, $"{Name}: {reason}"));
    }

    /// <summary>Why the machine should reboot after the update, or null.</summary>
    private string? RebootReason(UpdateOutcome outcome, IReadOnlySet<string> kernelsBefore)
    {
        var newKernels = _system.InstalledKernels().Except(kernelsBefore).Order(StringComparer.Ordinal).ToList();
        if (newKernels.Count > 0)
        {
            return $"kernel {string.Join(", ", newKernels)} was installed";
        }

        if (outcome.RebootNeeded)
        {
            return outcome.RebootReason ?? "the package manager asks for a reboot";
        }

        return File.Exists(_system.RebootRequiredFile) ? $"{_system.RebootRequiredFile} exists" : null;
    }

    /// <summary>Runs the package manager's commands as the step's processes, with the manager's environment.</summary>
    private sealed class StepShell : IPackageShell
    {
        private readonly ActionContext _context;
        private readonly string _path;
        private readonly Dictionary<string, string?> _environment;

        public StepShell(ActionContext context, PackageManager manager, string? pathOverride, string path)
        {
            _context = context;
            _path = path;
            _environment = new Dictionary<string, string?>(manager.Environment, StringComparer.Ordinal);
            if (pathOverride is not null)
            {
                _environment["PATH"] = pathOverride;
            }
        }

        public async Task<int> RunAsync(PackageCommand command, CancellationToken cancellationToken)
        {
            _context.Output.WriteLine(OutputKind.Stdout, "+ " + command);
            var run = await _context.ProcessRunner.RunAsync(Spec(command), _context.Output, cancellationToken).ConfigureAwait(false);
            return run.ExitCode;
        }

        public async Task<IReadOnlyList<string>> QueryAsync(PackageCommand command, CancellationToken cancellationToken)
        {
            var collector = new OutputCollector(_context.Output);
            await _context.ProcessRunner.RunAsync(Spec(command), collector, cancellationToken).ConfigureAwait(false);
            _context.Log.Debug($"{command}: {string.Join(" | ", collector.Lines)}");
            return collector.Lines;
        }

        public void Say(string line) => _context.Output.WriteLine(OutputKind.Stdout, line);

        private ProcessSpec Spec(PackageCommand command)
        {
            var program = ExecutableLocator.Find(command.Program, _path)
                ?? throw new ProcessStartException($"'{command.Program}' was not found on PATH ({_path}); it is needed for '{command}'");
            return new ProcessSpec(program, command.Arguments) { Environment = _environment, Log = _context.Log.Debug };
        }
    }
}

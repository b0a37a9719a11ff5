using System.Text;
using System.Text.Json.Nodes;
using Toe.Documents;
using Toe.Engine;
using Toe.Processes;
using Toe.Tests.EngineTests;

namespace Toe.Tests.Actions;

/// <summary>
/// Runs one module directly, outside the engine, with real processes and a real scratch folder, and keeps what it
/// printed: for asserting a module's own <see cref="ActionResult"/> (including <see cref="ActionResult.Reboot"/>,
/// which the engine acts on) independently of what the engine then does with it.
/// </summary>
internal sealed class ModuleRun : IStepOutput, IStepLog
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _stderrLines = [];

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public List<string> LogLines { get; } = [];

    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (_lock)
            {
                return [.. _stderrLines.TakeLast(10)];
            }
        }
    }

    /// <summary>Runs <paramref name="module"/> with the inputs given as YAML (what follows <c>inputs:</c>, at column 0).</summary>
    public static async Task<(ActionResult Result, ModuleRun Run)> ExecuteAsync(IActionModule module, string? inputsYaml, string scratch, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var run = new ModuleRun();
        Directory.CreateDirectory(scratch);
        var context = new ActionContext
        {
            DocumentPath = Path.Combine(scratch, "doc.yaml"),
            DocumentDirectory = scratch,
            PhaseName = "build",
            StepName = "Step",
            ActionName = module.Name,
            Inputs = inputsYaml is null ? null : Inputs(inputsYaml),
            ScratchDirectory = scratch,
            Attempt = 1,
            MaxAttempts = 1,
            Output = run,
            ProcessRunner = new EnvironmentRunner(PosixSpawnRunner.OrFallback(EngineHarness.FastTermination), environment ?? new Dictionary<string, string?>()),
            Log = run,
        };
        var result = await module.ExecuteAsync(context, cancellationToken);
        return (result, run);
    }

    /// <summary>The inputs as the engine hands them to modules: YAML typed by the document loader, converted to JSON.</summary>
    public static JsonNode? Inputs(string inputsYaml)
    {
        var indented = string.Join('\n', inputsYaml.TrimEnd().Split('\n').Select(l => "          " + l));
        var yaml = $"name: t\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Step\n        action: X\n        inputs:\n{indented}\n";
        var document = DocumentLoader.LoadText(yaml, "doc.yaml").Document ?? throw new InvalidOperationException("inputs did not parse");
        return InputRenderer.Render(document.Phases[0].Steps[0].Inputs, text => text);
    }

    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
    {
        var text = Encoding.UTF8.GetString(data);
        lock (_lock)
        {
            var builder = kind == OutputKind.Stdout ? _stdout : _stderr;
            builder.Append(text);
            if (endOfLine)
            {
                builder.Append('\n');
                if (kind == OutputKind.Stderr)
                {
                    _stderrLines.Add(text);
                }
            }
        }
    }

    public void WriteLine(OutputKind kind, string line) => Write(kind, Encoding.UTF8.GetBytes(line), endOfLine: true);

    public void Debug(string message) => Add(message);

    public void Info(string message) => Add(message);

    public void Warning(string message) => Add(message);

    private void Add(string message)
    {
        lock (_lock)
        {
            LogLines.Add(message);
        }
    }
}

/// <summary>The real process runner, with variables added to every program's environment (as a caller's environment would be).</summary>
internal sealed class EnvironmentRunner(IProcessRunner inner, IReadOnlyDictionary<string, string?> environment) : IProcessRunner
{
    public Task<ProcessRunResult> RunAsync(ProcessSpec spec, IOutputSink output, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }

        return inner.RunAsync(spec with { Environment = merged }, output, cancellationToken);
    }
}

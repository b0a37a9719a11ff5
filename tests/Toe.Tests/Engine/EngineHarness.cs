using NUnit.Framework;
using System.Text;
using Toe.Actions;
using Toe.Documents;
using Toe.Engine;
using Toe.Logging;
using Toe.Processes;
using Toe.Reports;
using ToeEngine = Toe.Engine.Engine;

namespace Toe.Tests.EngineTests;

/// <summary>Real engine, real bash, real temp folders. One harness per test.</summary>
public sealed class EngineHarness : IDisposable
{
    public static readonly ProcessTerminationOptions FastTermination = new()
    {
        InterruptGrace = TimeSpan.FromMilliseconds(500),
        TerminateGrace = TimeSpan.FromMilliseconds(500),
        KillWait = TimeSpan.FromSeconds(1),
        OutputDrainGrace = TimeSpan.FromMilliseconds(500),
    };

    public EngineHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "toe-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        LogDirectory = Path.Combine(Root, "logs");
    }

    public string Root { get; }

    public string LogDirectory { get; }

    public SecretMasker Masker { get; } = new();

    public RecordingObserver Observer { get; } = new();

    public IActionRegistry Registry { get; set; } = BuiltInActions.CreateRegistry();

    public IHostEnvironment Host { get; set; } = SystemHostEnvironment.Instance;

    public IClock Clock { get; set; } = SystemClock.Instance;

    public IInstanceMetadata InstanceMetadata { get; set; } = NoInstanceMetadata.Instance;

    public IParameterStore ParameterStore { get; set; } = NoParameterStore.Instance;

    public IConsoleLineSink? ConsoleMirror { get; set; }

    public RunResult? Result { get; private set; }

    public string Folder => Result?.LogFolder ?? throw new InvalidOperationException("no run yet");

    public ComponentDocument Document(string yaml, string fileName = "doc.yaml")
    {
        var path = Path.Combine(Root, fileName);
        File.WriteAllText(path, yaml);
        var loaded = DocumentLoader.Load(path);
        if (loaded.Document is null)
        {
            throw new InvalidOperationException("test document did not load: " + string.Join("; ", loaded.Diagnostics));
        }

        return loaded.Document;
    }

    public Task<RunResult> RunAsync(string yaml, Func<RunRequest, RunRequest>? adjust = null, CancellationToken cancellationToken = default) =>
        RunAsync([new DocumentRequest(Document(yaml))], adjust, cancellationToken);

    public async Task<RunResult> RunAsync(IReadOnlyList<DocumentRequest> documents, Func<RunRequest, RunRequest>? adjust = null, CancellationToken cancellationToken = default)
    {
        var request = new RunRequest { Documents = documents, LogDirectory = LogDirectory, ExecutionId = Guid.NewGuid().ToString() };
        request = adjust?.Invoke(request) ?? request;
        var engine = new ToeEngine(Registry, new EngineOptions { SecretMasker = Masker, Termination = FastTermination, Host = Host, Clock = Clock, InstanceMetadata = InstanceMetadata,
            ParameterStore = ParameterStore, ConsoleMirror = ConsoleMirror });
        Result = await engine.RunAsync(request, Observer, cancellationToken);
        return Result;
    }

    /// <summary>An engine configured like <see cref="RunAsync(string, Func{RunRequest, RunRequest}?, CancellationToken)"/>'s, for tests that drive it themselves.</summary>
    public ToeEngine CreateEngine() =>
        new(Registry, new EngineOptions { SecretMasker = Masker, Termination = FastTermination, Host = Host, Clock = Clock, InstanceMetadata = InstanceMetadata,
            ParameterStore = ParameterStore, ConsoleMirror = ConsoleMirror });

    /// <summary>A request for one document, as <see cref="RunAsync(string, Func{RunRequest, RunRequest}?, CancellationToken)"/> makes it.</summary>
    public RunRequest Request(string yaml, string fileName = "doc.yaml") =>
        new() { Documents = [new DocumentRequest(Document(yaml, fileName))], LogDirectory = LogDirectory, ExecutionId = Guid.NewGuid().ToString() };

    /// <summary>Makes <paramref name="result"/> the run that ReadLog, Step and friends look at.</summary>
    public RunResult Use(RunResult result)
    {
        Result = result;
        return result;
    }

    public string ReadLog(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public DetailedOutput ReadDetailedOutput() =>
        ReportJson.DeserializeDetailedOutput(ReadLog(RunFolder.DetailedOutputFile)) ?? throw new InvalidOperationException("empty detailedoutput.json");

    public StepReport Step(string phase, string step, int document = 0) =>
        ReadDetailedOutput().Documents[document].Phases.Single(p => p.Name == phase).Steps.Single(s => s.Name == step);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>YAML for one document with one phase "build" and the given steps (already indented list items).</summary>
    public static string Yaml(string steps, string? header = null)
    {
        var builder = new StringBuilder();
        builder.AppendLine("name: test");
        builder.AppendLine("schemaVersion: 1.0");
        if (header is not null)
        {
            builder.AppendLine(header.TrimEnd());
        }

        builder.AppendLine("phases:");
        builder.AppendLine("  - name: build");
        builder.AppendLine("    steps:");
        builder.Append(steps);
        return builder.ToString();
    }

    /// <summary>
    /// One step of any module, as list-item YAML under phases[].steps; <paramref name="inputs"/> is the YAML
    /// under <c>inputs:</c> as written at column 0 (e.g. "- path: /tmp/a\n  content: x"). Extra step keys
    /// (onFailure, loop, ...) go in <paramref name="extra"/>, one per line.
    /// </summary>
    public static string Step(string name, string action, string inputs, string? extra = null)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"      - name: {name}");
        builder.AppendLine($"        action: {action}");
        if (extra is not null)
        {
            foreach (var line in extra.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                builder.AppendLine("        " + line.Trim());
            }
        }

        builder.AppendLine("        inputs:");
        foreach (var line in inputs.TrimEnd().Split('\n'))
        {
            builder.AppendLine("          " + line.TrimEnd('\r'));
        }

        return builder.ToString();
    }

    /// <summary>One ExecuteBash step, as list-item YAML under phases[].steps.</summary>
    public static string Bash(string name, string command, string? extra = null)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"      - name: {name}");
        builder.AppendLine("        action: ExecuteBash");
        if (extra is not null)
        {
            foreach (var line in extra.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                builder.AppendLine("        " + line.Trim());
            }
        }

        builder.AppendLine("        inputs:");
        builder.AppendLine("          commands:");
        builder.AppendLine("            - |");
        foreach (var line in command.Split('\n'))
        {
            builder.AppendLine("              " + line);
        }

        return builder.ToString();
    }
}

public sealed class RecordingObserver : IRunObserver
{
    private readonly Lock _lock = new();

    public List<StepStartedEvent> Started { get; } = [];

    public List<StepFinishedEvent> Finished { get; } = [];

    public List<StepRetryingEvent> Retries { get; } = [];

    public Action<StepStartedEvent>? OnStepStarted { get; set; }

    public Action<StepFinishedEvent>? OnStepFinished { get; set; }

    public void StepStarted(StepStartedEvent e)
    {
        lock (_lock)
        {
            Started.Add(e);
        }

        OnStepStarted?.Invoke(e);
    }

    public void StepRetrying(StepRetryingEvent e)
    {
        lock (_lock)
        {
            Retries.Add(e);
        }
    }

    public void StepFinished(StepFinishedEvent e)
    {
        lock (_lock)
        {
            Finished.Add(e);
        }

        OnStepFinished?.Invoke(e);
    }
}

/// <summary>Base of the engine test fixtures: a fresh <see cref="EngineHarness"/> per test, disposed afterwards.</summary>
public abstract class EngineTestBase
{
    private EngineHarness? _harness;

    /// <summary>The harness of the running test.</summary>
    protected EngineHarness _h => _harness ?? throw new InvalidOperationException("the harness exists only while a test runs");

    [SetUp]
    public void CreateHarness() => _harness = new EngineHarness();

    [TearDown]
    public void DisposeHarness()
    {
        _harness?.Dispose();
        _harness = null;
    }
}

using Toe.Logging;
using Toe.Processes;

namespace Toe.Engine;

/// <summary>The engine's collaborators; every external effect is replaceable here.</summary>
public sealed record EngineOptions
{
    public IClock Clock { get; init; } = SystemClock.Instance;

    public IHostEnvironment Host { get; init; } = SystemHostEnvironment.Instance;

    /// <summary>IMDS for <c>{{ aws:imds:... }}</c> and <c>{{ context:accountId|region }}</c>. The CLI wires in Toe.Aws's client.</summary>
    public IInstanceMetadata InstanceMetadata { get; init; } = NoInstanceMetadata.Instance;

    /// <summary>SSM Parameter Store for <c>{{ aws:ssm:... }}</c>. The CLI wires in Toe.Aws's client.</summary>
    public IParameterStore ParameterStore { get; init; } = NoParameterStore.Instance;

    /// <summary>
    /// Receives every line console.log receives, already masked (the CLI streams them to CloudWatch Logs);
    /// null for none.
    /// </summary>
    public IConsoleLineSink? ConsoleMirror { get; init; }

    /// <summary>Masks secrets in every log sink (SSM SecureString values, credentials in URLs, disableLogging outputs).</summary>
    public ISecretMasker SecretMasker { get; init; } = new SecretMasker();

    /// <summary>How process trees are ended on timeout/interruption (used by the default process runner).</summary>
    public ProcessTerminationOptions Termination { get; init; } = ProcessTerminationOptions.Default;

    /// <summary>What <c>if</c> conditions ask of the machine (files, PATH). Null: the real machine.</summary>
    public Toe.Conditions.IConditionHost? ConditionHost { get; init; }

    /// <summary>Null: <see cref="Processes.PosixSpawnRunner.OrFallback"/> with <see cref="Termination"/> (posix_spawn on Linux, CliWrap elsewhere).</summary>
    public IProcessRunner? ProcessRunner { get; init; }
}

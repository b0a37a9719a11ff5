namespace Toe.Engine;

/// <summary>
/// A Parameter Store value as <c>{{ aws:ssm:name }}</c> reads it: the value as SSM returns it (a StringList
/// comma-joined, a SecureString decrypted) and whether it is secret (SecureString, and Secrets Manager
/// references, which SSM returns as SecureString), so the engine masks it in every log sink.
/// </summary>
public sealed record SsmParameterValue(string Value, bool IsSecret);

/// <summary>
/// AWS Systems Manager Parameter Store, as <c>{{ aws:ssm:... }}</c> reads it. Implemented in Toe.Aws (Toe.Core
/// does not depend on the AWS SDK) and wired in by the CLI. Synchronous because variables are resolved
/// synchronously; implementations fetch each name at most once per run.
/// </summary>
public interface IParameterStore
{
    /// <summary>The parameter's value; null with a one-line reason (naming the parameter and what to fix) when there is none.</summary>
    SsmParameterValue? TryGet(string name, out string problem);
}

/// <summary>No Parameter Store: the engine's default when nothing was wired in (in-process use, tests).</summary>
public sealed class NoParameterStore : IParameterStore
{
    public static NoParameterStore Instance { get; } = new();

    public SsmParameterValue? TryGet(string name, out string problem)
    {
        problem = "SSM Parameter Store is not available to this engine";
        return null;
    }
}

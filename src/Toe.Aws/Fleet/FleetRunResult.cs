namespace Toe.Aws.Fleet;

/// <summary>The end of a fleet run: the SSM command, where its files are, and one outcome per instance.</summary>
public sealed record FleetRunResult(string CommandId, int TimeoutSeconds, string RunFolder, IReadOnlyList<InstanceOutcome> Instances)
{
    public bool AllSucceeded => Instances.Count > 0 && Instances.All(instance => instance.Succeeded);
}

namespace Toe.Aws.Fleet;

/// <summary>What <c>toe aws run</c> was asked to do, checked by the CLI for form (not against AWS).</summary>
public sealed record FleetRunOptions
{
    /// <summary>Local paths (staged to S3) or s3:// URIs (passed through), in run order.</summary>
    public required IReadOnlyList<string> Documents { get; init; }

    /// <summary>The --phases text given to toe on the instances, or null for all phases.</summary>
    public string? Phases { get; init; }

    /// <summary>The --parameters text (name=value,...) given to toe on the instances, or null.</summary>
    public string? Parameters { get; init; }

    public IReadOnlyList<string> InstanceIds { get; init; } = [];

    public IReadOnlyList<FleetTarget> Targets { get; init; } = [];

    /// <summary>SSM's MaxConcurrency: a number or a percentage ("10", "25%"); null leaves SSM's default (50).</summary>
    public string? MaxConcurrency { get; init; }

    /// <summary>SSM's MaxErrors: a number or a percentage; null is "0" (stop sending after the first failure).</summary>
    public string? MaxErrors { get; init; }

    public required string Bucket { get; init; }

    public string Prefix { get; init; } = "toe-aws-run";

    public bool InstallToe { get; init; }

    public FleetExecutor Executor { get; init; } = FleetExecutor.Toe;

    /// <summary>Overrides the executionTimeout computed from the documents.</summary>
    public int? TimeoutSeconds { get; init; }

    public string? Comment { get; init; }

    /// <summary>A unique id of this run: the S3 folder of its staged files and logs.</summary>
    public required string RunId { get; init; }

    /// <summary>The toe binary to stage with <see cref="InstallToe"/> (the running one).</summary>
    public string? ToeBinary { get; init; }

    /// <summary>How often the command's status is read at first; it slows down to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(15);
}

namespace Toe.Configuration;

/// <summary>One document to run and the parameter values given for it (global values merged in).</summary>
public sealed record DocumentInput(string Source, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Everything a run needs, after the command line and the config file have been merged by the
/// documented precedence: command line over config file over document defaults.
/// </summary>
public sealed record RunSettings
{
    public required IReadOnlyList<DocumentInput> Documents { get; init; }

    /// <summary>Phases to run, or null for all phases in document order.</summary>
    public IReadOnlyList<string>? Phases { get; init; }

    public required string ExecutionId { get; init; }

    public required string LogDirectory { get; init; }

    public string? StateDirectory { get; init; }

    public bool Trace { get; init; }

    public IReadOnlySet<string> BlockedActionModules { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Expected owner account of documents (and the config) named by s3:// URIs; S3 checks it.</summary>
    public string? DocumentS3BucketOwner { get; init; }

    /// <summary>Bucket the log folder is uploaded to at the end of the run, or null for no upload.</summary>
    public string? LogS3BucketName { get; init; }

    /// <summary>Key prefix of the uploaded logs (without trailing '/'); empty for the bucket's root.</summary>
    public string LogS3KeyPrefix { get; init; } = string.Empty;

    public string? LogS3BucketOwner { get; init; }

    /// <summary>CloudWatch Logs group console.log is streamed to, or null for no streaming.</summary>
    public string? CwLogGroup { get; init; }

    /// <summary>The log stream; null when not given (the CLI then uses the execution id).</summary>
    public string? CwLogStream { get; init; }

    /// <summary>The Region of the log group; null: the run's Region (AWS_REGION, profile, IMDS).</summary>
    public string? CwLogRegion { get; init; }

    /// <summary>CloudWatch Logs failures only warn instead of failing the run.</summary>
    public bool CwIgnoreFailures { get; init; }

    /// <summary>Settings Toe accepts but cannot act on yet; the CLI refuses or warns about each.</summary>
    public IReadOnlyList<UnsupportedSetting> Unsupported { get; init; } = [];
}

/// <summary>A setting that is accepted but not implemented; <see cref="LosesData"/> means running without it would lose something the user asked for.</summary>
public sealed record UnsupportedSetting(string Flag, string Reason, bool LosesData);

using Toe.Diagnostics;

namespace Toe.Configuration;

/// <summary>What was written on the command line of <c>toe run</c>; null means "not given".</summary>
public sealed record CommandLineRunOptions
{
    public string? Config { get; init; }

    public string? Documents { get; init; }

    public string? Parameters { get; init; }

    public string? Phases { get; init; }

    public string? ExecutionId { get; init; }

    public string? LogDirectory { get; init; }

    public string? StateDirectory { get; init; }

    public bool? Trace { get; init; }

    public string? BlockedActionModules { get; init; }

    public string? DocumentS3BucketOwner { get; init; }

    public string? LogS3BucketName { get; init; }

    public string? LogS3BucketOwner { get; init; }

    public string? LogS3KeyPrefix { get; init; }

    public string? CwLogGroup { get; init; }

    public string? CwLogStream { get; init; }

    public string? CwLogRegion { get; init; }

    public bool? CwIgnoreFailures { get; init; }
}

/// <summary>
/// Merges the command line with the <c>--config</c> file (toe-run-config-input): a setting on the
/// command line wins over the same setting in the file; documents and parameters may be given only
/// one way, and giving them both ways is an error, as documented.
/// </summary>
public static class RunSettingsResolver
{
    /// <param name="readRemote">
    /// Reads a config named by an s3:// URI (given the URI and the expected bucket owner from
    /// --document-s3-bucket-owner): its text, or null and the reason. Without it such configs are refused.
    /// </param>
    public static (RunSettings? Settings, IReadOnlyList<Diagnostic> Diagnostics) Resolve(CommandLineRunOptions cli, Func<string>? newExecutionId = null, Func<string, string?, (string? Text, string? Error)>? readRemote = null)
    {
        var diagnostics = new List<Diagnostic>();
        var commandLine = SourceLocation.StartOf("command line");
        RunConfigFile? config = null;
        if (cli.Config is not null && cli.Documents is not null)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "give either --config or --documents, not both (documents are listed in the config file's 'documents')"));
        }

        if (cli.Config is not null && cli.Parameters is not null)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "--parameters cannot be used with --config; put the parameters in the config file's 'parameters' (or per document)"));
        }

        if (cli.Config is null && cli.Documents is null)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "nothing to run: give --documents <file,...> or --config <file.json>"));
        }

        if (diagnostics.Count > 0)
        {
            return (null, diagnostics);
        }

        if (cli.Config is not null)
        {
            var (loaded, configDiagnostics) = IsS3(cli.Config) && readRemote is not null
                ? ReadRemoteConfig(cli.Config, cli.DocumentS3BucketOwner, readRemote)
                : RunConfigFile.Load(cli.Config);
            if (loaded is null)
            {
                return (null, configDiagnostics);
            }

            config = loaded;
        }

        var documents = new List<DocumentInput>();
        if (config is not null)
        {
            var global = ToDictionary(config.Parameters);
            foreach (var document in config.Documents!)
            {
                // Per-document values are more specific than global ones, so they win (the page is silent).
                var merged = new Dictionary<string, string>(global, StringComparer.Ordinal);
                foreach (var (name, value) in ToDictionary(document.Parameters))
                {
                    merged[name] = value;
                }

                documents.Add(new DocumentInput(ResolveRelativeTo(cli.Config!, document.Path!), merged));
            }
        }
        else
        {
            var parameters = ParseParameters(cli.Parameters, diagnostics);
            foreach (var source in SplitList(cli.Documents))
            {
                documents.Add(new DocumentInput(source, parameters));
            }

            if (documents.Count == 0)
            {
                diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "--documents is empty; give a comma-separated list of document paths"));
            }
        }

        var phases = cli.Phases ?? config?.Phases;
        var settings = new RunSettings
        {
            Documents = documents,
            Phases = phases is null ? null : SplitList(phases),
            ExecutionId = cli.ExecutionId ?? config?.ExecutionId ?? config?.ExecutionIdMisspelt ?? (newExecutionId ?? (() => Guid.NewGuid().ToString()))(),
            LogDirectory = cli.LogDirectory ?? config?.LogDirectory ?? ".",
            StateDirectory = cli.StateDirectory ?? config?.StateDirectory,
            Trace = cli.Trace ?? config?.Trace ?? false,
            BlockedActionModules = new HashSet<string>(SplitList(cli.BlockedActionModules ?? config?.BlockedActionModules), StringComparer.OrdinalIgnoreCase),
            DocumentS3BucketOwner = NonEmpty(cli.DocumentS3BucketOwner ?? config?.DocumentS3BucketOwner),
            LogS3BucketName = NonEmpty(cli.LogS3BucketName ?? config?.LogS3BucketName),
            LogS3KeyPrefix = (cli.LogS3KeyPrefix ?? config?.LogS3KeyPrefix ?? string.Empty).Trim().Trim('/'),
            LogS3BucketOwner = NonEmpty(cli.LogS3BucketOwner ?? config?.LogS3BucketOwner),
            CwLogGroup = NonEmpty(cli.CwLogGroup ?? config?.CwLogGroup),
            CwLogStream = NonEmpty(cli.CwLogStream ?? config?.CwLogStream),
            CwLogRegion = NonEmpty(cli.CwLogRegion ?? config?.CwLogRegion),
            CwIgnoreFailures = cli.CwIgnoreFailures ?? config?.CwIgnoreFailures ?? false,
        };

        CheckCloudWatch(settings, diagnostics, commandLine);

        if (settings.LogS3BucketName is null && (settings.LogS3KeyPrefix.Length > 0 || settings.LogS3BucketOwner is not null))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "--log-s3-key-prefix and --log-s3-bucket-owner need --log-s3-bucket-name (the bucket to upload the logs to)"));
        }

        if (settings.LogS3BucketName is { } bucket && (bucket.Contains('/', StringComparison.Ordinal) || IsS3(bucket)))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, commandLine, $"--log-s3-bucket-name takes a bucket name, not a path or URI ('{bucket}'); put the rest in --log-s3-key-prefix"));
        }

        if (!Logging.RunFolder.IsUsableExecutionId(settings.ExecutionId))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, commandLine, $"execution id '{settings.ExecutionId}' cannot be used in a folder name; use letters, digits, '-' and '_'"));
        }

        return (diagnostics.Any(d => d.Severity == Severity.Error) ? null : settings, diagnostics);
    }

    private static bool IsS3(string text) => text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static (RunConfigFile? Config, IReadOnlyList<Diagnostic> Diagnostics) ReadRemoteConfig(string uri, string? owner, Func<string, string?, (string? Text, string? Error)> readRemote)
    {
        var (text, error) = readRemote(uri, NonEmpty(owner));
        return text is null
            ? (null, [Diagnostic.Error(ConfigCodes.Unreadable, SourceLocation.StartOf(uri), error ?? "cannot read the config file")])
            : RunConfigFile.Parse(text, uri);
    }

    /// <summary>Parses <c>name1=value1,name2=value2</c>. A value may contain '='; the first '=' separates.</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(string? text, List<Diagnostic> diagnostics)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var pair in text.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, SourceLocation.StartOf("command line"), $"--parameters: '{pair}' is not name=value; write --parameters name1=value1,name2=value2"));
                continue;
            }

            result[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        return result;
    }

    public static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string> ToDictionary(List<RunConfigFile.ConfigParameter>? parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters ?? [])
        {
            result[parameter.Name!] = parameter.Value!;
        }

        return result;
    }

    /// <summary>
    /// A relative document path in a config file is taken as given (from the current folder, as awstoe
    /// does) when it exists there, and otherwise from the config file's folder, so that a config file
    /// kept beside its documents works from any current folder.
    /// </summary>
    private static string ResolveRelativeTo(string configPath, string documentPath)
    {
        if (Path.IsPathRooted(documentPath) || documentPath.Contains("://", StringComparison.Ordinal) || documentPath.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) || File.Exists(documentPath))
        {
            return documentPath;
        }

        if (IsS3(configPath))
        {
            // A config on S3: its relative documents are beside it on S3 ('.' and '..' resolved, as S3 would not).
            var bucketEnd = configPath.IndexOf('/', "s3://".Length);
            var keyFolder = bucketEnd < 0 ? string.Empty : configPath[(bucketEnd + 1)..(configPath.LastIndexOf('/') + 1)];
            var segments = new List<string>();
            foreach (var segment in (keyFolder + documentPath).Split('/'))
            {
                if (segment == ".." && segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else if (segment is not (".." or "." or ""))
                {
                    segments.Add(segment);
                }
            }

            return bucketEnd < 0 ? documentPath : configPath[..(bucketEnd + 1)] + string.Join('/', segments);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        return Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(folder, documentPath));
    }

    /// <summary>
    /// The names CloudWatch Logs accepts (CreateLogStream API reference): a group of 1-512 characters from
    /// letters, digits and <c>_ - / . #</c>; a stream of 1-512 characters without ':' and '*'. Checked before
    /// the run, so a typo does not surface as an AWS error after the first steps ran.
    /// </summary>
    private static void CheckCloudWatch(RunSettings settings, List<Diagnostic> diagnostics, SourceLocation commandLine)
    {
        if (settings.CwLogGroup is not { } group)
        {
            if (settings.CwLogStream is not null || settings.CwLogRegion is not null)
            {
                diagnostics.Add(Diagnostic.Error(ConfigCodes.Conflict, commandLine, "--cw-log-stream and --cw-log-region need --cw-log-group (the CloudWatch Logs group to stream console.log to)"));
            }

            return;
        }

        if (group.Length > 512 || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.' or '#'))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, commandLine, $"--cw-log-group '{group}' is not a CloudWatch Logs group name: 1-512 characters, letters, digits and _ - / . #"));
        }

        if (settings.CwLogStream is { } stream && (stream.Length > 512 || stream.Contains(':', StringComparison.Ordinal) || stream.Contains('*', StringComparison.Ordinal)))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, commandLine, $"--cw-log-stream '{stream}' is not a CloudWatch Logs stream name: 1-512 characters, no ':' or '*'"));
        }

        if (settings.CwLogRegion is { } region && !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, commandLine, $"--cw-log-region '{region}' is not a Region name (e.g. us-west-2)"));
        }
    }
}

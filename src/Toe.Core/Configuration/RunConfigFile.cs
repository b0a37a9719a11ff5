using System.Text.Json;
using System.Text.Json.Serialization;
using Toe.Diagnostics;

namespace Toe.Configuration;

/// <summary>
/// The JSON input configuration of <c>awstoe run --config</c> (page toe-run-config-input). Property
/// names are the documented ones; <c>executonId</c> (the page's typo) is accepted as well.
/// Schema for editors: schemas/run-config.schema.json.
/// </summary>
public sealed class RunConfigFile
{
    public bool? CwIgnoreFailures { get; set; }

    public string? CwLogGroup { get; set; }

    public string? CwLogRegion { get; set; }

    public string? CwLogStream { get; set; }

    public string? DocumentS3BucketOwner { get; set; }

    public List<ConfigDocument>? Documents { get; set; }

    public string? ExecutionId { get; set; }

    [JsonPropertyName("executonId")]
    public string? ExecutionIdMisspelt { get; set; }

    public string? LogDirectory { get; set; }

    public string? LogS3BucketName { get; set; }

    public string? LogS3BucketOwner { get; set; }

    public string? LogS3KeyPrefix { get; set; }

    public List<ConfigParameter>? Parameters { get; set; }

    public string? Phases { get; set; }

    public string? StateDirectory { get; set; }

    public bool? Trace { get; set; }

    /// <summary>Toe addition: the same as --blocked-action-modules (comma list).</summary>
    public string? BlockedActionModules { get; set; }

    public sealed class ConfigDocument
    {
        public string? Path { get; set; }

        public List<ConfigParameter>? Parameters { get; set; }
    }

    public sealed class ConfigParameter
    {
        public string? Name { get; set; }

        public string? Value { get; set; }
    }

    /// <summary>Reads and checks a config file; problems come back as diagnostics with the JSON position.</summary>
    public static (RunConfigFile? Config, IReadOnlyList<Diagnostic> Diagnostics) Load(string path)
    {
        if (path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return (null, [Diagnostic.Error(ConfigCodes.Unreadable, SourceLocation.StartOf(path), "config files on S3 are not supported yet; download the file and give its local path")]);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.FileNotFound, SourceLocation.StartOf(path), "config file not found; check the path given to --config")]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(path), $"cannot read the config file: {ex.Message}")]);
        }

        return Parse(text, path);
    }

    public static (RunConfigFile? Config, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text, string path)
    {
        RunConfigFile? config;
        try
        {
            config = JsonSerializer.Deserialize(text, RunConfigJsonContext.Default.RunConfigFile);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var what = ex.Path is { Length: > 1 } p ? $" at {p}" : string.Empty;
            return (null, [Diagnostic.Error(ConfigCodes.Invalid, new SourceLocation(path, line, column), $"invalid config file{what}: {FirstSentence(ex.Message)}")]);
        }

        var diagnostics = new List<Diagnostic>();
        var at = SourceLocation.StartOf(path);
        if (config is null)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, at, "the config file is empty (null); it must be a JSON object with a 'documents' array"));
            return (null, diagnostics);
        }

        if (config.Documents is null || config.Documents.Count == 0)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, at, "'documents' is required: an array of { \"path\": ..., \"parameters\": [...] } with at least one document"));
        }
        else
        {
            for (var i = 0; i < config.Documents.Count; i++)
            {
                var document = config.Documents[i];
                if (document is null || string.IsNullOrWhiteSpace(document.Path))
                {
                    diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, at, $"documents[{i}] needs a 'path'"));
                }

                CheckParameters(document?.Parameters, $"documents[{i}].parameters", at, diagnostics);
            }
        }

        CheckParameters(config.Parameters, "parameters", at, diagnostics);
        if (config.ExecutionId is not null && config.ExecutionIdMisspelt is not null && config.ExecutionId != config.ExecutionIdMisspelt)
        {
            diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, at, "both 'executionId' and 'executonId' are set, to different values; keep one"));
        }

        return (diagnostics.Count == 0 ? config : null, diagnostics);
    }

    private static void CheckParameters(List<ConfigParameter>? parameters, string where, SourceLocation at, List<Diagnostic> diagnostics)
    {
        for (var i = 0; parameters is not null && i < parameters.Count; i++)
        {
            if (parameters[i] is not { Name: { Length: > 0 }, Value: not null })
            {
                diagnostics.Add(Diagnostic.Error(ConfigCodes.Invalid, at, $"{where}[{i}] needs both 'name' and 'value' (strings)"));
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }
}

public static class ConfigCodes
{
    public const string Invalid = "TOE4001";
    public const string Unreadable = "TOE4002";
    public const string Conflict = "TOE4003";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(RunConfigFile))]
internal sealed partial class RunConfigJsonContext : JsonSerializerContext;

using System.Text.Json.Nodes;
using Toe.Aws;
using Toe.Aws.ImageBuilder;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Engine;
using Toe.Reports;
using Toe.Validation;

namespace Toe.Actions;

/// <summary>
/// ExecuteDocument: runs another component document (a local path, relative to the calling document's
/// folder, an s3:// URI with <c>document-s3-bucket-owner</c> checked by S3, or an Image Builder component ARN) in this run. The nested document is loaded and validated before any of it runs; cycles and
/// a fourth nesting level are refused before it is even read. Outputs: the nested run's summary
/// (AWS's example keys); the nested report goes to the step's <c>detailedOutput</c>. The engine runs
/// this step once and without a timeout whatever the document says (the schema refuses other values).
/// </summary>
public sealed class ExecuteDocument : IActionModule
{
    /// <summary>
    /// "up to three levels deep ... Three levels of nesting translates to four document levels, as the
    /// top level isn't nested": a chain may hold four documents, and the fourth may call no other.
    /// </summary>
    public const int MaxDocumentLevels = 4;

    private readonly DocumentLocations _locations;

    public ExecuteDocument(S3ClientFactory? s3 = null, ComponentDocuments? components = null)
    {
        _locations = s3 is null && components is null
            ? DocumentLocations.Default
            : new DocumentLocations(s3 ?? S3ClientFactory.Default, components ?? ComponentDocuments.Default);
    }

    public string Name => "ExecuteDocument";

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Documents is null)
        {
            return ActionResult.Failed("ExecuteDocument: this engine cannot run nested documents");
        }

        if (!InputReader.TryGetString(context.Inputs, "document", out var document, out var error))
        {
            return ActionResult.Failed($"ExecuteDocument: {error}");
        }

        if (!TryReadParameters(context.Inputs, out var parameters, out error) || !TryReadPhases(context.Inputs, out var phases, out error))
        {
            return ActionResult.Failed($"ExecuteDocument: {error}");
        }

        var owner = context.Inputs is JsonObject map && map["document-s3-bucket-owner"] is not null && InputReader.TryGetString(context.Inputs, "document-s3-bucket-owner", out var o, out _) && o.Trim().Length > 0 ? o.Trim() : null;

        // A relative path inside an S3 document is taken from that document's S3 "folder"; a component
        // (ARN) has no folder, so a relative path inside one is taken from the working directory.
        var path = DocumentLocations.IsRemote(document) ? document
            : S3Location.IsS3Uri(context.DocumentPath) ? S3Documents.ResolveRelative(context.DocumentPath, document)
            : ComponentArn.LooksLikeArn(context.DocumentPath) ? Path.GetFullPath(document)
            : Path.GetFullPath(Path.Combine(context.DocumentDirectory, document));
        var chain = context.DocumentChain.Count > 0 ? context.DocumentChain : [context.DocumentPath];

        // Both checks come before the document is read: nothing of a repeated document may run.
        if (chain.Contains(path, StringComparer.Ordinal))
        {
            return ActionResult.Failed($"ExecuteDocument: cyclic execution refused: {string.Join(" -> ", chain.Append(path))}");
        }

        if (chain.Count >= MaxDocumentLevels)
        {
            return ActionResult.Failed($"ExecuteDocument: nesting is limited to {MaxDocumentLevels - 1} levels ({MaxDocumentLevels} documents); refused to run '{path}' from {string.Join(" -> ", chain)}");
        }

        LoadedDocument loaded;
        if (DocumentLocations.IsRemote(path))
        {
            loaded = await _locations.LoadAsync(path, owner, cancellationToken).ConfigureAwait(false);
        }
        else if (!File.Exists(path))
        {
            return ActionResult.Failed($"ExecuteDocument: the document '{path}' does not exist");
        }
        else
        {
            loaded = DocumentLoader.Load(path);
        }

        var problems = DocumentValidator.Validate(loaded, context.Documents.Validation).Where(d => d.Severity == Severity.Error).ToList();
        if (loaded.Document is null || problems.Count > 0)
        {
            return ActionResult.Failed($"ExecuteDocument: the document '{path}' is not valid:\n{string.Join("\n", problems)}");
        }

        context.Log.Info($"ExecuteDocument: running '{path}' (phases {(phases is null ? "all" : string.Join(',', phases))})");
        var result = await context.Documents.RunAsync(new NestedDocumentRequest(loaded.Document) { Parameters = parameters, Phases = phases }, cancellationToken).ConfigureAwait(false);
        var summary = result.Summary;

        // The keys and order of AWS's example; skippedStepCount is Toe's and stays in the nested report.
        var outputs = new JsonObject
        {
            ["executedStepCount"] = summary.ExecutedStepCount,
            ["executionId"] = summary.ExecutionId,
            ["failedStepCount"] = summary.FailedStepCount,
            ["failureMessage"] = summary.FailureMessage,
            ["ignoredFailedStepCount"] = summary.IgnoredFailedStepCount,
            ["logUrl"] = summary.LogUrl,
            ["status"] = summary.Status,
        };
        var detailed = result.DetailedOutput is null ? null : new JsonArray(ReportJson.ToNode(result.DetailedOutput));
        return summary.Status == Statuses.Success
            ? new ActionResult { Success = true, Outputs = outputs, DetailedOutput = detailed }
            : new ActionResult { Success = false, FailureMessage = $"nested document '{path}' {summary.Status}: {summary.FailureMessage}", Outputs = outputs, DetailedOutput = detailed };
    }

    /// <summary><c>parameters</c>: a list of {name, value}; values keep the text they were written with.</summary>
    private static bool TryReadParameters(JsonNode? inputs, out Dictionary<string, string> parameters, out string error)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        error = string.Empty;
        if (inputs is not JsonObject map || !map.TryGetPropertyValue("parameters", out var node) || node is null)
        {
            return true;
        }

        if (node is not JsonArray list)
        {
            error = "input 'parameters' must be a list of {name, value}";
            return false;
        }

        foreach (var item in list)
        {
            if (!InputReader.TryGetString(item, "name", out var name, out error) || !InputReader.TryGetString(item, "value", out var value, out error))
            {
                error = $"parameters: {error}";
                return false;
            }

            parameters[name] = value;
        }

        return true;
    }

    /// <summary><c>phases</c>: a comma-separated list; missing or empty means all phases.</summary>
    private static bool TryReadPhases(JsonNode? inputs, out IReadOnlyCollection<string>? phases, out string error)
    {
        phases = null;
        error = string.Empty;
        if (inputs is not JsonObject map || !map.ContainsKey("phases") || map["phases"] is null)
        {
            return true;
        }

        if (!InputReader.TryGetString(inputs, "phases", out var text, out error))
        {
            return false;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        phases = names.Length == 0 ? null : names;
        return true;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Toe.Diagnostics;

namespace Toe.Validation;

/// <summary>The outcome of validating one document, as given on the command line.</summary>
public sealed record DocumentValidation(string Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Valid => Diagnostics.All(d => d.Severity != Severity.Error);

    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);

    public int WarningCount => Diagnostics.Count(d => d.Severity == Severity.Warning);
}

/// <summary>
/// How <c>toe validate</c> prints its results: compiler-style text lines, or a stable JSON shape
/// for <c>--output json</c> (documented in docs/diagnostics.md; fields are only ever added).
/// </summary>
public static class ValidationReport
{
    /// <summary>One <c>file:line:col: severity CODE: message</c> line per diagnostic, in the order given.</summary>
    public static IEnumerable<string> TextLines(IEnumerable<DocumentValidation> results) =>
        results.SelectMany(r => r.Diagnostics).Select(d => d.ToString());

    /// <summary>A closing line: "2 documents: 1 valid, 1 with errors (3 errors, 1 warning)".</summary>
    public static string Summary(IReadOnlyCollection<DocumentValidation> results)
    {
        var valid = results.Count(r => r.Valid);
        var errors = results.Sum(r => r.ErrorCount);
        var warnings = results.Sum(r => r.WarningCount);
        var documents = results.Count == 1 ? "1 document" : $"{results.Count} documents";
        return $"{documents}: {valid} valid, {results.Count - valid} with errors ({Count(errors, "error")}, {Count(warnings, "warning")})";
    }

    /// <summary>
    /// The <c>--output json</c> report. Keeps awstoe's two keys (<c>validationStatus</c>: success or
    /// failed, <c>message</c>: the first error, or a summary when there is none) so scripts written
    /// for awstoe keep working, and adds every diagnostic with its position.
    /// </summary>
    public static string Json(IEnumerable<DocumentValidation> results)
    {
        var list = results.ToList();
        var documents = list.Select(r => new JsonDocumentResult(
            r.Document,
            Status(r.Valid),
            r.Valid,
            r.ErrorCount,
            r.WarningCount,
            r.Diagnostics.Select(d => new JsonDiagnostic(d.Location.File, d.Location.Line, d.Location.Column, d.SeverityText, d.Code, d.Message)).ToList())).ToList();
        var valid = documents.All(d => d.Valid);
        var firstError = list.SelectMany(r => r.Diagnostics).FirstOrDefault(d => d.Severity == Severity.Error);
        var report = new JsonReport(Status(valid), firstError?.ToString() ?? Summary(list), valid, documents);
        return JsonSerializer.Serialize(report, ReadableContext.JsonReport);
    }

    /// <summary>
    /// Messages quote names ('Install'); the default encoder would write \u0027. The output is read by
    /// people and JSON parsers, never embedded in HTML, so the relaxed encoder is safe here.
    /// </summary>
    private static readonly ValidationReportJsonContext ReadableContext = new(new JsonSerializerOptions(ValidationReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static string Status(bool valid) => valid ? "success" : "failed";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

/// <summary>The top of the JSON report: valid when no document has an error.</summary>
internal sealed record JsonReport(
    [property: JsonPropertyName("validationStatus")] string ValidationStatus,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("documents")] IReadOnlyList<JsonDocumentResult> Documents);

internal sealed record JsonDocumentResult(
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("validationStatus")] string ValidationStatus,
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("errorCount")] int ErrorCount,
    [property: JsonPropertyName("warningCount")] int WarningCount,
    [property: JsonPropertyName("diagnostics")] IReadOnlyList<JsonDiagnostic> Diagnostics);

internal sealed record JsonDiagnostic(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Source-generated (no reflection), so the report works in the Native AOT build.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonReport))]
internal sealed partial class ValidationReportJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using Toe.Diagnostics;

namespace Toe.Cli;

/// <summary>
/// What <c>toe validate</c> prints. The JSON keeps awstoe's two keys (<c>validationStatus</c>,
/// <c>message</c>) so scripts written for awstoe keep working, and adds every finding with its position.
/// </summary>
internal static class ValidationOutput
{
    public static string Summary(IReadOnlyList<DocumentValidation> results)
    {
        var errors = results.Sum(r => r.Diagnostics.Count(d => d.Severity == Severity.Error));
        var warnings = results.Sum(r => r.Diagnostics.Count(d => d.Severity == Severity.Warning));
        var invalid = results.Count(r => !r.Valid);
        var documents = results.Count == 1 ? "1 document" : $"{results.Count} documents";
        var warningText = warnings == 0 ? string.Empty : $", {Plural(warnings, "warning")}";
        return invalid == 0
            ? $"toe validate: {documents} valid{warningText}"
            : $"toe validate: {invalid} of {documents} invalid: {Plural(errors, "error")}{warningText}";
    }

    public static string ToJson(IReadOnlyList<DocumentValidation> results)
    {
        var firstError = results.SelectMany(r => r.Diagnostics).FirstOrDefault(d => d.Severity == Severity.Error);
        var report = new ValidationReport
        {
            ValidationStatus = firstError is null ? "success" : "failed",
            Message = firstError is null ? Summary(results)["toe validate: ".Length..] : firstError.ToString(),
            Documents = results.Select(r => new DocumentReport
            {
                Document = r.Source,
                ValidationStatus = r.Valid ? "success" : "failed",
                Diagnostics = r.Diagnostics.Select(d => new DiagnosticReport
                {
                    File = d.Location.File,
                    Line = d.Location.Line,
                    Column = d.Location.Column,
                    Severity = d.SeverityText,
                    Code = d.Code,
                    Message = d.Message,
                }).ToList(),
            }).ToList(),
        };
        return JsonSerializer.Serialize(report, ValidationJsonContext.Default.ValidationReport);
    }

    private static string Plural(int count, string word) => count == 1 ? $"1 {word}" : $"{count} {word}s";
}

internal sealed class ValidationReport
{
    public required string ValidationStatus { get; init; }

    public required string Message { get; init; }

    public required List<DocumentReport> Documents { get; init; }
}

internal sealed class DocumentReport
{
    public required string Document { get; init; }

    public required string ValidationStatus { get; init; }

    public required List<DiagnosticReport> Diagnostics { get; init; }
}

internal sealed class DiagnosticReport
{
    public required string File { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public required string Severity { get; init; }

    public required string Code { get; init; }

    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ValidationReport))]
internal sealed partial class ValidationJsonContext : JsonSerializerContext;

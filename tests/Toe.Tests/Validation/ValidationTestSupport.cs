using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

/// <summary>Runs the validator on YAML written in a test.</summary>
internal static class Check
{
    public const string FileName = "doc.yaml";

    public static IReadOnlyList<Diagnostic> Yaml(string yaml, ValidationOptions? options = null) =>
        DocumentValidator.Validate(DocumentLoader.LoadText(yaml, FileName), options ?? ValidationOptions.Default);

    public static IReadOnlyList<Diagnostic> Errors(string yaml, ValidationOptions? options = null) =>
        Yaml(yaml, options).Where(d => d.Severity == Severity.Error).ToList();

    /// <summary>"line:col CODE" of each diagnostic, for compact assertions.</summary>
    public static IEnumerable<string> Brief(this IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code}");
}

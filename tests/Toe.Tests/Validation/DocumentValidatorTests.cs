using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

public class DocumentValidatorTests
{
    private const string TwoProblems = """
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Late
                action: ExecuteBash
                inputs:
                  commands: ['echo {{ Undeclared }}']
              - name: Early
                action: ExecuteBash
                onFailure: Never
                inputs:
                  commands: [echo]
        """;

    [Test]
    public void Schema_and_rule_diagnostics_come_out_together_in_file_order()
    {
        Check.Yaml(TwoProblems).Brief().Should().Equal("8:28 TOE3101", "11:20 TOE2004");
    }

    [Test]
    public void Reading_errors_are_returned_as_they_are_when_there_is_no_document()
    {
        var loaded = DocumentLoader.LoadText("phases: [unclosed", "broken.yaml");

        DocumentValidator.Validate(loaded, ValidationOptions.Default).Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.YamlSyntax);
    }

    [Test]
    public void Duplicate_keys_are_reported_and_the_document_is_still_checked()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            schemaVersion: 1.0
            phases:
              - name: b
                steps:
                  - name: Restart
                    action: Reboot
            """);

        diagnostics.Brief().Should().Equal("2:1 TOE1007", "4:11 TOE2005");
    }

    [Test]
    public void Aliases_stacked_deeper_than_the_reader_allows_give_TOE1011_not_a_crash()
    {
        // Each anchor wraps the previous one 100 levels deeper: 40 x 100 levels through aliases.
        var lines = new List<string> { "schemaVersion: 1.0" };
        for (var i = 0; i < 40; i++)
        {
            var inner = i == 0 ? "x" : $"*a{i - 1}";
            lines.Add($"a{i}: &a{i} {new string('[', 100)}{inner}{new string(']', 100)}");
        }

        lines.Add("phases: [*a39]");

        var diagnostics = Check.Yaml(string.Join('\n', lines));

        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.NestingTooDeep);
    }

    [Test]
    public void The_text_report_prints_one_line_per_diagnostic_and_a_summary()
    {
        var results = new[]
        {
            new DocumentValidation("a.yaml", Check.Yaml(TwoProblems)),
            new DocumentValidation("b.yaml", []),
        };

        ValidationReport.TextLines(results).Should().Equal(
            "doc.yaml:8:28: error TOE3101: {{ Undeclared }}: 'Undeclared' is not a parameter or constant of this document; the document declares no parameters or constants",
            "doc.yaml:11:20: error TOE2004: step 'Early': onFailure must be one of Abort, Continue, Ignore (got 'Never')");
        ValidationReport.Summary(results).Should().Be("2 documents: 1 valid, 1 with errors (2 errors, 0 warnings)");
    }

    [Test]
    public void The_json_report_has_the_documented_shape()
    {
        var warning = Diagnostic.Warning(DiagnosticCodes.UnknownParameterKey, new SourceLocation("b.yaml", 3, 7), "kept and ignored");
        var results = new[]
        {
            new DocumentValidation("a.yaml", Check.Yaml(TwoProblems)),
            new DocumentValidation("b.yaml", [warning]),
        };

        using var json = JsonDocument.Parse(ValidationReport.Json(results));
        var root = json.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal("validationStatus", "message", "valid", "documents");
        root.GetProperty("validationStatus").GetString().Should().Be("failed", "awstoe's key and values are kept");
        root.GetProperty("message").GetString().Should().StartWith("doc.yaml:8:28: error TOE3101: ");
        root.GetProperty("valid").GetBoolean().Should().BeFalse();
        var documents = root.GetProperty("documents");
        documents.GetArrayLength().Should().Be(2);
        var first = documents[0];
        first.EnumerateObject().Select(p => p.Name).Should().Equal("document", "validationStatus", "valid", "errorCount", "warningCount", "diagnostics");
        first.GetProperty("document").GetString().Should().Be("a.yaml");
        first.GetProperty("validationStatus").GetString().Should().Be("failed");
        first.GetProperty("valid").GetBoolean().Should().BeFalse();
        first.GetProperty("errorCount").GetInt32().Should().Be(2);
        first.GetProperty("warningCount").GetInt32().Should().Be(0);
        var diagnostic = first.GetProperty("diagnostics")[1];
        diagnostic.EnumerateObject().Select(p => p.Name).Should().Equal("file", "line", "column", "severity", "code", "message");
        diagnostic.GetProperty("file").GetString().Should().Be("doc.yaml");
        diagnostic.GetProperty("line").GetInt32().Should().Be(11);
        diagnostic.GetProperty("column").GetInt32().Should().Be(20);
        diagnostic.GetProperty("severity").GetString().Should().Be("error");
        diagnostic.GetProperty("code").GetString().Should().Be("TOE2004");
        documents[1].GetProperty("valid").GetBoolean().Should().BeTrue("a warning does not make a document invalid");
        documents[1].GetProperty("diagnostics")[0].GetProperty("severity").GetString().Should().Be("warning");
    }

    [Test]
    public void The_json_report_keeps_quotes_readable()
    {
        var json = ValidationReport.Json([new DocumentValidation("a.yaml", Check.Yaml(TwoProblems))]);

        json.Should().Contain("step 'Early'").And.NotContain("\\u0027");
    }

    [Test]
    public void The_json_report_is_valid_when_every_document_is()
    {
        using var json = JsonDocument.Parse(ValidationReport.Json([new DocumentValidation("a.yaml", [])]));

        json.RootElement.GetProperty("valid").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("validationStatus").GetString().Should().Be("success");
        json.RootElement.GetProperty("message").GetString().Should().Be("1 document: 1 valid, 0 with errors (0 errors, 0 warnings)");
        json.RootElement.GetProperty("documents")[0].GetProperty("diagnostics").GetArrayLength().Should().Be(0);
    }
}

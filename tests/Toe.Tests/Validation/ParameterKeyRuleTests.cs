using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

public class ParameterKeyRuleTests
{
    private const string Document = """
        schemaVersion: 1.0
        parameters:
          - Mode:
              type: string
              default: 'no'
              description: Whether to measure.
        EXTRA
        phases:
          - name: build
            steps:
              - name: Echo
                action: ExecuteBash
                inputs:
                  commands: ['echo {{ Mode }}']
        """;

    [Test]
    public void TOE3201_documented_parameter_keys_give_no_warning()
    {
        Check.Yaml(Document.Replace("EXTRA\n", string.Empty, StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Test]
    public void TOE3201_an_undocumented_parameter_key_is_a_warning_and_the_document_stays_valid()
    {
        var diagnostics = Check.Yaml(Document.Replace("EXTRA", "      allowedValues: ['no', 'yes']", StringComparison.Ordinal));

        diagnostics.Should().ContainSingle().Which.Should().Be(new Diagnostic(
            DiagnosticCodes.UnknownParameterKey,
            Severity.Warning,
            new SourceLocation("doc.yaml", 7, 7),
            "parameter 'Mode': 'allowedValues' is not a parameter key AWSTOE documents (type, default, description); it is kept and ignored, nothing enforces it"));
    }

    [Test]
    public void TOE3201_a_misspelt_parameter_key_suggests_the_documented_one()
    {
        var diagnostics = Check.Yaml(Document.Replace("EXTRA", "      defualt: 'yes'", StringComparison.Ordinal));

        diagnostics.Should().ContainSingle().Which.Message.Should().EndWith("did you mean 'default'?");
    }
}

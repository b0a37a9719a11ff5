using Toe.Tests.Support;
using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

/// <summary>
/// The real documents in the shared corpus: all are valid except the known-defective ones below,
/// each rejected for its real defect with the expected codes. Listed in docs/compatibility.md too.
/// </summary>
public class CorpusTests
{
    /// <summary>File name → the error codes Toe must report (exactly these), and why the document is defective.</summary>
    private static readonly Dictionary<string, (string[] Codes, string Reason)> KnownDefective = new(StringComparer.Ordinal)
    {
        ["EmmanuelTsouris__ec2-image-builder-components__install-vscode.yml"] =
            ([DiagnosticCodes.YamlSyntax], "invalid YAML: a PowerShell block written under commands without a list item or block scalar"),
        ["aws-samples__amazon-ec2-image-builder-samples__Components__Windows__chef-recipe-execution-windows__component.yml"] =
            ([DiagnosticCodes.YamlSyntax], "invalid YAML: a stray double quote after a single-quoted scalar on the last line"),
        ["awsdocs__ec2-image-builder-user-guide__doc_source__toe-use-documents.md__block1.yaml"] =
            ([DiagnosticCodes.SchemaRequired], "a fragment from the user guide: no schemaVersion"),
        ["JamesWoolfenden__terraform-aws-imagebuilder__example__examplea__component.yaml"] =
            ([DiagnosticCodes.SchemaWrongType], "phases is a mapping, not a list"),
        ["fdool73__ec2-image-builder-hardening-pipeline__files__aws-cli-version-2-linux.yml"] =
            ([DiagnosticCodes.SchemaWrongType], "truncated in its repository: the last ExecuteBash step has empty inputs"),
        ["aws-samples__amazon-ec2-image-builder-samples__Components__Linux__inspec-recipe-execution-linux__inspec-test-linux-component.yml"] =
            ([DiagnosticCodes.SchemaUnknownKey], "DeleteFile with 'force', an input only DeleteFolder has (the path is a folder)"),
        ["awslabs__aws-image-builder-document-generator__README.md__block2.yaml"] =
            ([DiagnosticCodes.SchemaUnknownKey], "a 'fictional' example: S3Download with S3Upload's 'recurse' and an s3:// destination"),
        ["toadslop__aws_imagebuilder_component__test__reboot.yaml"] =
            ([DiagnosticCodes.DuplicateStepName], "step name RebootStep twice in phase build"),
        ["toadslop__aws_imagebuilder_component__test__set-file-encoding.yaml"] =
            ([DiagnosticCodes.DuplicateStepName], "step name SettingFileEncodingProperty twice in phase build"),
        ["toadslop__aws_imagebuilder_component__test__test.yaml"] =
            ([DiagnosticCodes.DuplicateVariableName, DiagnosticCodes.DuplicateLoopName, DiagnosticCodes.SchemaNotAllowedValue, DiagnosticCodes.ChainingUnknownTarget],
             "a parameter and a constant both named Source, loop name 'string' twice in a phase, the schema's placeholder '.,;:\\n\\t -_' as delimiter, chaining to a phase 'validate' that does not exist"),
        ["aws__aws-parallelcluster__cli__src__pcluster__resources__imagebuilder__custom_script.yaml"] =
            ([DiagnosticCodes.ChainingUnknownTarget], "chaining to steps ScriptUrlScheme and ScriptUrl that the document does not define"),
    };

    /// <summary>Valid documents that still get a warning.</summary>
    private static readonly Dictionary<string, string> KnownWarnings = new(StringComparer.Ordinal)
    {
        ["aws-samples__amazon-ec2-image-builder-samples__CloudFormation__Linux__amazon-linux-2023-attestable-image__base-template.yaml__KiwiNgComponent.yaml"] = DiagnosticCodes.UnknownParameterKey,
    };

    private static string Docs()
    {
        var corpus = RepoPaths.Corpus();
        if (corpus is null)
        {
            Assert.Ignore($"corpus not present: looked for shared/corpus above {RepoPaths.Root} (or set TOE_CORPUS)");
        }

        return Path.Combine(corpus!, "docs");
    }

    private static IReadOnlyList<Diagnostic> Validate(string path) => DocumentValidator.Validate(DocumentLoader.Load(path), ValidationOptions.Default);

    [Test]
    public void Every_document_not_known_to_be_defective_is_valid()
    {
        var docs = Docs();
        var failures = new List<string>();
        var files = Directory.GetFiles(docs);
        foreach (var path in files.Where(p => !KnownDefective.ContainsKey(Path.GetFileName(p))))
        {
            var diagnostics = Validate(path);
            var expectedWarning = KnownWarnings.GetValueOrDefault(Path.GetFileName(path));
            failures.AddRange(diagnostics.Where(d => d.Code != expectedWarning).Select(d => d.ToString()));
        }

        files.Length.Should().BeGreaterThan(100);
        failures.Should().BeEmpty();
    }

    [Test]
    public void Each_known_defective_document_is_rejected_for_its_defect()
    {
        var docs = Docs();
        foreach (var (file, (codes, reason)) in KnownDefective)
        {
            var path = Path.Combine(docs, file);
            File.Exists(path).Should().BeTrue($"{file} is listed as defective but missing from the corpus");

            var errors = Validate(path).Where(d => d.Severity == Severity.Error).Select(d => d.Code).Distinct();

            errors.Should().BeEquivalentTo(codes, $"{file}: {reason}");
        }
    }

    [Test]
    public void Known_warnings_are_given()
    {
        var docs = Docs();
        foreach (var (file, code) in KnownWarnings)
        {
            Validate(Path.Combine(docs, file)).Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == code && d.Severity == Severity.Warning);
        }
    }
}

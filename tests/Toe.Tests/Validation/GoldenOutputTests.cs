using Toe.Tests.Support;
using FluentAssertions;
using NUnit.Framework;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

/// <summary>
/// The exact text <c>toe validate</c> prints for a set of bad documents (TestData/validation/bad),
/// compared with Golden/validation/&lt;name&gt;.txt. Set TOE_UPDATE_GOLDEN=1 to rewrite them.
/// </summary>
public class GoldenOutputTests
{
    private static IEnumerable<string> BadDocuments() =>
        Directory.EnumerateFiles(RepoPaths.Output("TestData", "validation", "bad"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(BadDocuments))]
    public void Text_output_matches_the_golden_file(string fileName)
    {
        var path = RepoPaths.Output("TestData", "validation", "bad", fileName);
        var loaded = DocumentLoader.LoadText(File.ReadAllText(path), fileName);
        var result = new DocumentValidation(fileName, DocumentValidator.Validate(loaded, ValidationOptions.Default));
        var lines = ValidationReport.TextLines([result]).Append(ValidationReport.Summary([result]));

        result.Valid.Should().BeFalse("every document under bad/ has at least one error");
        Golden.Match(Path.Combine("validation", Path.ChangeExtension(fileName, ".txt")), string.Join('\n', lines) + "\n");
    }

    [Test]
    public void Every_good_test_document_is_valid()
    {
        foreach (var path in Directory.EnumerateFiles(RepoPaths.Output("TestData", "validation", "good"), "*.yaml"))
        {
            DocumentValidator.Validate(DocumentLoader.Load(path), ValidationOptions.Default).Should().BeEmpty($"{Path.GetFileName(path)} is valid");
        }
    }
}

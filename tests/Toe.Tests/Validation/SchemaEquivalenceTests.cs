using Toe.Tests.Support;
using FluentAssertions;
using Json.Schema;
using NUnit.Framework;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Tests.Validation;

/// <summary>
/// Toe evaluates the schema split by action (see ComponentSchema) for speed. These tests prove the
/// split gives the same verdict and the same leaf errors as the schema file evaluated as written.
/// </summary>
public class SchemaEquivalenceTests
{
    private static readonly Lazy<JsonSchema> AsWritten = new(ComponentSchema.BuildAsWritten);

    private static IEnumerable<string> Documents()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Output("TestData", "validation"), "*.yaml", SearchOption.AllDirectories))
        {
            yield return file;
        }

        if (RepoPaths.Corpus() is { } corpus)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, "docs")))
            {
                yield return file;
            }
        }
    }

    [Test]
    public void The_split_evaluation_agrees_with_the_schema_as_written()
    {
        var compared = 0;
        foreach (var path in Documents())
        {
            if (DocumentLoader.Load(path).Document is not { } document)
            {
                continue;
            }

            using var instance = YamlJson.ToJsonDocument(document.Root);
            var schema = ComponentSchema.Instance;
            var asWritten = AsWritten.Value.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

            schema.IsValid(instance.RootElement).Should().Be(asWritten.IsValid, $"the verdicts differ for {path}");
            Leaves(SchemaErrorCollector.Collect(schema.Explain(instance.RootElement), schema))
                .Should().BeEquivalentTo(Leaves(SchemaErrorCollector.Collect([new SchemaEvaluation(asWritten, [], [])], schema)), $"the errors differ for {path}");
            compared++;
        }

        // The test documents alone (4 load as documents), or those and the corpus when it is present.
        compared.Should().BeGreaterThanOrEqualTo(RepoPaths.Corpus() is null ? 4 : 100);
    }

    /// <summary>Where each error is in the document, which keyword failed, and the schema keyword it sits under.</summary>
    private static IEnumerable<string> Leaves(IEnumerable<SchemaError> errors) =>
        errors.Select(e => $"/{string.Join('/', e.Instance)} {e.Keyword} {e.Last.Keyword}/{e.Last.Name} {e.Last.Definition}").Distinct();
}

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

    /// <summary>
    /// From 24 steps on, the verdict is reached on two threads (ComponentSchema.QuickVerdict). It must be the schema's,
    /// wherever the one bad step is (the first step of an action is checked before the threads start, the others on
    /// the second thread), and for a bad document property (checked on the first).
    /// </summary>
    [TestCase(-1, false)]
    [TestCase(0, false)]
    [TestCase(1, false)]
    [TestCase(57, false)]
    [TestCase(199, false)]
    [TestCase(-1, true)]
    public void A_document_of_many_steps_gets_the_verdict_of_the_schema_as_written(int badStep, bool badDocument)
    {
        var yaml = new System.Text.StringBuilder($"name: many{(badDocument ? "\nunknownProperty: 1" : string.Empty)}\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n");
        for (var i = 0; i < 200; i++)
        {
            var inputs = i == badStep ? "commands: 42" : i % 3 == 0 ? "path: /bin/true" : "commands:\n            - \"true\"";
            var action = i % 3 == 0 && i != badStep ? "ExecuteBinary" : "ExecuteBash";
            yaml.Append($"      - name: Step{i}\n        action: {action}\n        inputs:\n          {inputs}\n");
        }

        var path = Path.Combine(Path.GetTempPath(), $"toe-many-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, yaml.ToString());
        try
        {
            var document = DocumentLoader.Load(path).Document!;
            using var instance = YamlJson.ToJsonDocument(document.Root);
            var expected = AsWritten.Value.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;

            expected.Should().Be(badStep < 0 && !badDocument, "the test document is meant to be valid only without a bad step or property");
            for (var round = 0; round < 20; round++)
            {
                ComponentSchema.Instance.IsValid(instance.RootElement).Should().Be(expected, $"round {round}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Where each error is in the document, which keyword failed, and the schema keyword it sits under.</summary>
    private static IEnumerable<string> Leaves(IEnumerable<SchemaError> errors) =>
        errors.Select(e => $"/{string.Join('/', e.Instance)} {e.Keyword} {e.Last.Keyword}/{e.Last.Name} {e.Last.Definition}").Distinct();
}

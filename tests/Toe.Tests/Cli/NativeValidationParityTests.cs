using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Documents;
using Toe.Tests.Support;
using Toe.Validation;

namespace Toe.Tests.Cli;

/// <summary>
/// The native binary skips JsonSchema.Net's eager meta-schema build (ADR 0002), which the in-process
/// tests never do. This proves the binary still reports exactly what the library reports in-process,
/// on every real document of the corpus and every bad test document.
/// </summary>
public class NativeValidationParityTests
{
    [Test]
    public void The_binary_reports_the_same_findings_as_the_in_process_validator()
    {
        var files = Directory.GetFiles(RepoPaths.Output("TestData", "validation"), "*.yaml", SearchOption.AllDirectories).ToList();
        if (RepoPaths.Corpus() is { } corpus)
        {
            files.AddRange(Directory.GetFiles(Path.Combine(corpus, "docs")));
        }

        files.Should().HaveCountGreaterThan(10);
        files.Sort(StringComparer.Ordinal);

        var result = ToeProcess.Run("validate", "--output", "json", "--documents", string.Join(',', files));

        using var json = JsonDocument.Parse(result.Stdout);
        var fromBinary = json.RootElement.GetProperty("documents").EnumerateArray()
            .Select(d => (d.GetProperty("document").GetString()!, d.GetProperty("diagnostics").EnumerateArray()
                .Select(x => $"{x.GetProperty("line").GetInt32()}:{x.GetProperty("column").GetInt32()} {x.GetProperty("code").GetString()} {x.GetProperty("message").GetString()}").ToList()))
            .ToList();
        var inProcess = files
            .Select(f => (f, DocumentValidator.Validate(DocumentLoader.Load(f), ValidationOptions.Default)
                .Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code} {d.Message}").ToList()))
            .ToList();

        fromBinary.Should().HaveSameCount(inProcess);
        for (var i = 0; i < files.Count; i++)
        {
            fromBinary[i].Item2.Should().Equal(inProcess[i].Item2, $"the binary and the library should agree on {files[i]}");
        }

        inProcess.Sum(d => d.Item2.Count).Should().BeGreaterThan(10, "the comparison is only meaningful with findings to compare");
    }
}

using System.Diagnostics;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Tests.Validation;

/// <summary>The reader the validator's positions and limits rest on.</summary>
public class YamlReaderTests
{
    [Test]
    public void Positions_are_one_based_lines_and_columns_of_each_node()
    {
        var result = YamlReader.ReadText("name: x\nphases:\n  - name: 'build'\n    steps: []\n", "p.yaml");

        var root = (YMapping)result.Root!;
        root.GetKey("name")!.Location.Should().Be(new SourceLocation("p.yaml", 1, 1));
        root["name"]!.Location.Should().Be(new SourceLocation("p.yaml", 1, 7));
        var phase = (YMapping)((YSequence)root["phases"]!).Items[0];
        phase.Location.Should().Be(new SourceLocation("p.yaml", 3, 5));
        phase["name"]!.Location.Should().Be(new SourceLocation("p.yaml", 3, 11), "a quoted scalar starts at its quote");
        phase["steps"]!.Location.Should().Be(new SourceLocation("p.yaml", 4, 12));
    }

    [Test]
    public void An_alias_bomb_is_stopped_quickly_with_TOE1005()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 9; level++)
        {
            bomb.Append(CultureFormat($"l{level}: &l{level} [")).Append(string.Join(", ", Enumerable.Repeat(level == 1 ? "*a" : $"*l{level - 1}", 10))).Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        var result = YamlReader.ReadText(bomb.ToString(), "bomb.yaml");

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        result.Root.Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.AliasExpansionLimit);
    }

    [Test]
    public void An_alias_bomb_made_of_one_long_string_is_stopped_with_TOE1005()
    {
        // Found in review: node counting alone let 200 aliases of a 4 MiB string through, and the
        // JSON conversion then needed gigabytes.
        var yaml = new StringBuilder("value: &s \"").Append('A', 4 * 1024 * 1024).Append("\"\ncommands: [")
            .Append(string.Join(", ", Enumerable.Repeat("*s", 200))).Append("]\n").ToString();

        var result = YamlReader.ReadText(yaml, "strings.yaml");

        result.Root.Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.AliasExpansionLimit);
        result.Diagnostics[0].Location.Line.Should().Be(2, "the position of the alias that crossed the limit");
    }

    [Test]
    public void A_long_string_used_a_few_times_is_fine()
    {
        var yaml = new StringBuilder("value: &s \"").Append('A', 1024 * 1024).Append("\"\ncommands: [*s, *s, *s]\n").ToString();

        YamlReader.ReadText(yaml, "ok.yaml").Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Random_bytes_give_one_clean_diagnostic_and_no_exception()
    {
        var random = new Random(20260101);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);

            var result = YamlReader.ReadBytes(bytes, "noise.bin");

            result.Diagnostics.Should().NotBeEmpty();
            result.Diagnostics.Should().OnlyContain(d => d.Severity == Severity.Error && d.Code.StartsWith("TOE10", StringComparison.Ordinal));
        }
    }

    [Test]
    public void A_file_over_the_limit_gives_TOE1004_without_being_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toe-large-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(20L * 1024 * 1024);
            }

            var loaded = DocumentLoader.Load(path);

            loaded.Document.Should().BeNull();
            loaded.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.DocumentTooLarge && d.Message.StartsWith("the document is 20.0 MiB", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Deep_nesting_gives_TOE1011_instead_of_overflowing_the_stack()
    {
        var text = "phases: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var result = YamlReader.ReadText(text, "deep.yaml");

        result.Root.Should().BeNull();
        // The root mapping is level 1, so the 128th '[' (column 8 + 128) is level 129.
        result.Diagnostics.Select(d => d.ToString()).Should().Equal("deep.yaml:1:136: error TOE1011: the document nests lists and mappings more than 128 levels deep; a component document needs far fewer");
    }

    [Test]
    public void Nesting_up_to_the_limit_is_read()
    {
        var depth = YamlReader.MaxNestingDepth - 1;
        var result = YamlReader.ReadText("phases: " + new string('[', depth) + new string(']', depth) + "\n", "deep.yaml");

        result.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_duplicate_key_gives_TOE1007_at_the_second_key()
    {
        var result = YamlReader.ReadText("phases: []\nname: a\nphases: []\n", "dup.yaml");

        result.Diagnostics.Should().ContainSingle().Which.Should().Be(Diagnostic.Error(
            DiagnosticCodes.DuplicateKey,
            new SourceLocation("dup.yaml", 3, 1),
            "duplicate key 'phases' (first written at line 1); YAML keys must be unique within a mapping"));
    }

    private static string CultureFormat(FormattableString text) => FormattableString.Invariant(text);
}

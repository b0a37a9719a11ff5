using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Toe.Conditions;
using Toe.Processes;

namespace Toe.Tests.Conditions;

/// <summary>Each operator true and false, the decided edge cases, and the explanations.</summary>
public sealed class OperatorTests
{
    [Test]
    public void The_shared_list_holds_the_20_documented_comparisons() =>
        ConditionOperators.Comparisons.Should().HaveCount(20);

    [Test]
    public void Explanation_shows_the_expected_and_the_actual_value()
    {
        var result = Eval.Json("""{"stringEquals": "abc", "value": "abd"}""");

        result.Value.Should().BeFalse();
        result.Explanation.Should().Be("stringEquals: expected 'abc', value was 'abd'");
    }

    [Test]
    public void Long_values_are_cut_short_in_the_explanation() =>
        Eval.Json($$"""{"stringEquals": "a", "value": "{{new string('x', 5000)}}"}""").Explanation.Should().Contain("(5000 characters)").And.Match(e => e.Length < 400);

    [TestCase("""{"stringEquals": "abc", "value": "ABC"}""", true, TestName = "stringEquals ignores case (decided)")]
    [TestCase("""{"stringEquals": "1.0", "value": 1.0}""", true, TestName = "a number is compared as the text it was written with")]
    [TestCase("""{"stringEquals": "1", "value": 1.0}""", false, TestName = "string ops never compare numerically")]
    [TestCase("""{"stringEquals": "true", "value": true}""", true, TestName = "a boolean becomes its text")]
    [TestCase("""{"stringIsEmpty": null}""", true, TestName = "an empty YAML value is an empty string")]
    [TestCase("""{"stringLessThan": "b", "value": "B"}""", false, TestName = "stringLessThan on case-only difference")]
    [TestCase("""{"stringLessThan": "_", "value": "a"}""", false, TestName = "ordering uses lower case: 'a' sorts after '_'")]
    [TestCase("""{"stringIsWhitespace": " \t\n "}""", true, TestName = "stringIsWhitespace counts tabs and newlines (decided)")]
    [TestCase("""{"stringIsWhitespace": " x "}""", false, TestName = "stringIsWhitespace with a letter")]
    public void String_operators(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected);

    [TestCase("""{"numberEquals": "+1", "value": 1}""", true)]
    [TestCase("""{"numberEquals": "-0", "value": 0}""", true)]
    [TestCase("""{"numberEquals": "1.50", "value": 1.5}""", true)]
    [TestCase("""{"numberEquals": 1e3, "value": "1000"}""", true)]
    [TestCase("""{"numberEquals": 1000, "value": "1e3"}""", false)]
    [TestCase("""{"numberEquals": 5, "value": ".5"}""", false)]
    [TestCase("""{"numberEquals": 1, "value": "1."}""", false)]
    [TestCase("""{"numberEquals": 1, "value": " 1"}""", false)]
    [TestCase("""{"numberEquals": 1, "value": "1\n"}""", false)]
    [TestCase("""{"numberEquals": 1, "value": "0x1"}""", false)]
    [TestCase("""{"numberEquals": 1, "value": true}""", false)]
    [TestCase("""{"numberEquals": 0, "value": null}""", false)]
    [TestCase("""{"numberEquals": 1, "value": "١"}""", false)]
    [TestCase("""{"numberGreaterThan": 0.3, "value": "0.30000000000000004"}""", true)]
    [TestCase("""{"numberGreaterThan": "12345678901234567890122", "value": "12345678901234567890123"}""", true)]
    [TestCase("""{"numberLessThan": -2, "value": "-2.5"}""", true)]
    public void Number_parsing(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected);

    [Test]
    public void A_non_numeric_string_makes_the_comparison_false_and_says_why()
    {
        var result = Eval.Json("""{"numberLessThan": 2, "value": "a10"}""");

        result.Value.Should().BeFalse();
        result.Explanation.Should().Be("numberLessThan: expected a value less than '2', value was 'a10'; the value is not a number");
    }

    [TestCase("""{"patternMatches": "^[0-9]+$", "value": "12a"}""", false)]
    [TestCase("""{"patternMatches": "b", "value": "abc"}""", true)]
    [TestCase("""{"patternMatches": "(?-i)^[a-z]+$", "value": "ThisIsValue"}""", false)]
    [TestCase("""{"patternMatches": "^(?P<major>[0-9]+)\\.", "value": "2.1"}""", true)]
    [TestCase("""{"patternMatches": "^abc$", "value": "abc\n"}""", false, TestName = "RE2: $ is the end of the text, not before a final newline")]
    [TestCase("""{"patternMatches": "(?m)^b$", "value": "a\nb\nc"}""", true, TestName = "RE2: with m, $ is the end of a line")]
    [TestCase("""{"patternMatches": "^\\d+$", "value": "١٢"}""", false, TestName = "RE2: \\d is ASCII")]
    [TestCase("""{"patternMatches": "^[\\d.]+$", "value": "2.1"}""", true, TestName = "RE2: \\d inside a class")]
    [TestCase("""{"patternMatches": "^\\w+$", "value": "é"}""", false, TestName = "RE2: \\w is ASCII")]
    [TestCase("""{"patternMatches": "^\\s$", "value": " "}""", false, TestName = "RE2: \\s is ASCII")]
    [TestCase("""{"patternMatches": "^\\S+$", "value": "ab"}""", true, TestName = "RE2: \\S")]
    [TestCase("""{"patternMatches": "^[[:alpha:]]+$", "value": "abc"}""", true, TestName = "RE2: POSIX class matches")]
    [TestCase("""{"patternMatches": "^[[:alpha:]]+$", "value": "ab1"}""", false, TestName = "RE2: POSIX class does not match")]
    [TestCase("""{"patternMatches": "^\\Qa.b\\E$", "value": "axb"}""", false, TestName = "RE2: \\Q...\\E is literal")]
    [TestCase("""{"patternMatches": "^\\Qa.b\\E$", "value": "a.b"}""", true, TestName = "RE2: \\Q...\\E matches itself")]
    [TestCase("""{"patternMatches": "^\\pL+$", "value": "abc"}""", true, TestName = "RE2: one-letter \\pL")]
    [TestCase("""{"patternMatches": "^[]a]+$", "value": "]a"}""", true, TestName = "RE2: ] first in a class is literal")]
    public void PatternMatches(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected);

    [Test]
    public void PatternMatches_runs_in_linear_time_on_a_catastrophic_pattern()
    {
        var watch = Stopwatch.StartNew();
        var result = Eval.Json($$"""{"patternMatches": "(a+)+$", "value": "{{new string('a', 50)}}!"}""");

        result.Value.Should().BeFalse("the value ends with '!', so no run of a's reaches the end");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [TestCase("(a)\\\\1", TestName = "backreference is not RE2")]
    [TestCase("a(?=b)", TestName = "lookahead is not RE2")]
    [TestCase("(?<=a)b", TestName = "lookbehind is not RE2")]
    public void PatternMatches_rejects_constructs_RE2_does_not_have(string pattern)
    {
        var act = () => Eval.Json($$"""{"patternMatches": "{{pattern}}", "value": "aab"}""");

        act.Should().Throw<ConditionException>().WithMessage("*RE2 does not support*");
    }

    [Test]
    public void PatternMatches_rejects_an_invalid_pattern()
    {
        var act = () => Eval.Json("""{"patternMatches": "(", "value": "a"}""");

        act.Should().Throw<ConditionException>().WithMessage("*not a valid regular expression*");
    }

    [Test]
    public void File_and_folder_operators_on_the_real_file_system()
    {
        var folder = Directory.CreateTempSubdirectory("toe-conditions-").FullName;
        try
        {
            var file = Path.Combine(folder, "f.txt");
            File.WriteAllText(file, "x");
            var host = SystemConditionHost.Instance;

            Eval.Json($$"""{"fileExists": "{{file}}"}""", host).Value.Should().BeTrue();
            Eval.Json($$"""{"fileExists": "{{folder}}"}""", host).Value.Should().BeFalse("a folder is not a file (the page's '-d' is a typo)");
            Eval.Json($$"""{"folderExists": "{{folder}}"}""", host).Value.Should().BeTrue();
            Eval.Json($$"""{"folderExists": "{{file}}"}""", host).Value.Should().BeFalse();
            Eval.Json($$"""{"fileExists": "{{file}}.missing"}""", host).Explanation.Should().Be($"fileExists: '{file}.missing' is not a file");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("fileMD5Equals", "b1946ac92492d2347c6235b4d2611184")]
    [TestCase("fileSHA1Equals", "f572d396fae9206628714fb2ce00f72e94f2258f")]
    [TestCase("fileSHA256Equals", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")]
    [TestCase("fileSHA512Equals", "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629")]
    public void Hash_operators_on_a_real_file(string op, string digest)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "hello\n");
            var host = SystemConditionHost.Instance;

            Eval.Json($$"""{"{{op}}": "{{digest}}", "path": "{{file}}"}""", host).Value.Should().BeTrue();
            Eval.Json($$"""{"{{op}}": "{{digest.ToUpperInvariant()}}", "path": "{{file}}"}""", host).Value.Should().BeTrue("hex is compared ignoring case");
            var wrong = Eval.Json($$"""{"{{op}}": "{{digest[..^1]}}0", "path": "{{file}}"}""", host);
            wrong.Value.Should().BeFalse();
            wrong.Explanation.Should().Contain(digest).And.Contain(file);
            Eval.Json($$"""{"{{op}}": "{{digest}} ", "path": "{{file}}"}""", host).Value.Should().BeFalse("no trimming");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void A_hash_of_a_missing_file_is_false_with_the_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var result = Eval.Json($$"""{"fileSHA256Equals": "00", "path": "{{missing}}"}""", SystemConditionHost.Instance);

        result.Value.Should().BeFalse();
        result.Explanation.Should().StartWith($"fileSHA256Equals: expected '00', but '{missing}' could not be read:");
    }

    [Test]
    public void A_hash_of_a_folder_is_false() =>
        Eval.Json($$"""{"fileMD5Equals": "00", "path": "{{Path.GetTempPath()}}"}""", SystemConditionHost.Instance).Value.Should().BeFalse();

    [Test]
    public void BinaryExists_searches_PATH()
    {
        var host = SystemConditionHost.Instance;

        Eval.Json("""{"binaryExists": "bash"}""", host).Value.Should().BeTrue();
        Eval.Json("""{"binaryExists": "toe-no-such-binary-4711"}""", host).Value.Should().BeFalse();
        Eval.Json("""{"binaryExists": ""}""", host).Value.Should().BeFalse();
        Eval.Json($$"""{"binaryExists": "{{ExecutableLocator.Find("bash")}}"}""", host).Value.Should().BeTrue("a name with '/' is checked as a path");
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void BinaryExists_sees_a_binary_that_appeared_after_an_earlier_miss()
    {
        var folder = Directory.CreateTempSubdirectory("toe-conditions-").FullName;
        try
        {
            var host = new SystemConditionHost(() => folder);
            host.BinaryExists("toe-late-binary").Should().BeFalse();

            var binary = Path.Combine(folder, "toe-late-binary");
            File.WriteAllText(binary, "#!/bin/sh\n");
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute);

            host.BinaryExists("toe-late-binary").Should().BeTrue("a step may have installed it since");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using FluentAssertions;
using NUnit.Framework;
using Toe.Conditions;

namespace Toe.Tests.Conditions;

/// <summary>
/// Every example of toe-comparison-operators, toe-logical-operators, toe-conditional-constructs and
/// the Assert section of toe-action-modules, with the page's stated result, or the decided result
/// (docs/compatibility.md, "Conditions") where the page contradicts itself. Conditions are written as
/// the JSON the engine renders the YAML into: quoted YAML scalars are JSON strings, plain numbers JSON numbers.
/// </summary>
public sealed class DocumentedExamplesTests
{
    private static readonly object[] ComparisonPage =
    [
        // stringIsEmpty
        new object[] { """{"stringIsEmpty": ""}""", true },
        new object[] { """{"stringIsEmpty": " "}""", false },
        new object[] { """{"stringIsEmpty": "Hello."}""", false },

        // stringIsWhitespace
        new object[] { """{"stringIsWhitespace": "   "}""", true },
        new object[] { """{"stringIsWhitespace": ""}""", false },
        new object[] { """{"stringIsWhitespace": " Hello?"}""", false },

        // stringEquals
        new object[] { """{"stringEquals": "Testing, testing...", "value": "Testing, testing..."}""", true },
        new object[] { """{"stringEquals": "Testing, testing...", "value": "Hello again."}""", false },
        new object[] { """{"stringEquals": "Testing, testing...", "value": "TESTING, TESTING...."}""", false },
        new object[] { """{"stringEquals": "Testing, testing...", "value": "   Testing, testing..."}""", false },
        new object[] { """{"stringEquals": "Testing, testing...", "value": "Testing, testing...   "}""", false },

        // stringLessThan. The page says true for 'A'/'a' but also that 'A' equals 'a'; decided: false.
        new object[] { """{"stringLessThan": "A", "value": "a"}""", false },
        new object[] { """{"stringLessThan": "b", "value": "a"}""", true },
        new object[] { """{"stringLessThan": "a", "value": "0"}""", true },
        new object[] { """{"stringLessThan": "0", "value": "a"}""", false },

        // stringLessThanEquals
        new object[] { """{"stringLessThanEquals": "a", "value": "a"}""", true },
        new object[] { """{"stringLessThanEquals": "A", "value": "a"}""", true },
        new object[] { """{"stringLessThanEquals": "b", "value": "a"}""", true },
        new object[] { """{"stringLessThanEquals": "a", "value": "0"}""", true },
        new object[] { """{"stringLessThanEquals": "0", "value": "a"}""", false },

        // stringGreaterThan
        new object[] { """{"stringGreaterThan": "a", "value": "A"}""", false },
        new object[] { """{"stringGreaterThan": "a", "value": "b"}""", true },
        new object[] { """{"stringGreaterThan": "0", "value": "a"}""", true },
        new object[] { """{"stringGreaterThan": "a", "value": "0"}""", false },

        // stringGreaterThanEquals
        new object[] { """{"stringGreaterThanEquals": "A", "value": "a"}""", true },
        new object[] { """{"stringGreaterThanEquals": "a", "value": "b"}""", true },
        new object[] { """{"stringGreaterThanEquals": "0", "value": "a"}""", true },
        new object[] { """{"stringGreaterThanEquals": "a", "value": "0"}""", false },

        // patternMatches (true only because matching ignores case: decided)
        new object[] { """{"patternMatches": "^[a-z]+$", "value": "ThisIsValue"}""", true },

        // numberEquals: all true
        new object[] { """{"numberEquals": 1, "value": 1}""", true },
        new object[] { """{"numberEquals": "1", "value": 1}""", true },
        new object[] { """{"numberEquals": 1, "value": "1"}""", true },
        new object[] { """{"numberEquals": 5.0, "value": 5.0}""", true },
        new object[] { """{"numberEquals": -1, "value": -1}""", true },

        // numberLessThan
        new object[] { """{"numberLessThan": 2, "value": 1}""", true },
        new object[] { """{"numberLessThan": 2, "value": 1.9}""", true },
        new object[] { """{"numberLessThan": 2, "value": "2"}""", false },

        // numberLessThanEquals
        new object[] { """{"numberLessThanEquals": 2, "value": 1}""", true },
        new object[] { """{"numberLessThanEquals": 2, "value": 1.9}""", true },
        new object[] { """{"numberLessThanEquals": 2, "value": "2"}""", true },
        new object[] { """{"numberLessThanEquals": 2, "value": 2.1}""", false },

        // numberGreaterThan
        new object[] { """{"numberGreaterThan": 1, "value": 2}""", true },
        new object[] { """{"numberGreaterThan": 1, "value": 1.1}""", true },
        new object[] { """{"numberGreaterThan": 1, "value": "1"}""", false },

        // numberGreaterThanEquals
        new object[] { """{"numberGreaterThanEquals": 1, "value": 2}""", true },
        new object[] { """{"numberGreaterThanEquals": 1, "value": 1.1}""", true },
        new object[] { """{"numberGreaterThanEquals": 1, "value": "1"}""", true },
        new object[] { """{"numberGreaterThanEquals": 1, "value": 0.8}""", false },
    ];

    private static readonly object[] LogicalPage =
    [
        new object[] { """{"and": [{"stringEquals": "test_string", "value": "test_string"}, {"numberEquals": 1, "value": 1}]}""", true },
        new object[] { """{"and": [{"stringEquals": "test_string", "value": "Hello world!"}, {"numberEquals": 1, "value": 1}]}""", false },
        new object[] { """{"or": [{"stringEquals": "test_string", "value": "test_string"}, {"numberEquals": 1, "value": 3}]}""", true },
        new object[] { """{"or": [{"stringEquals": "test_string", "value": "Hello world!"}, {"numberEquals": 1, "value": 1}]}""", true },
        new object[] { """{"or": [{"stringEquals": "test_string", "value": "Hello world!"}, {"numberEquals": 1, "value": 3}]}""", false },
        new object[] { """{"not": [{"stringEquals": "test_string", "value": "Hello world!"}]}""", true },
        new object[] { """{"not": [{"stringEquals": "test_string", "value": "test_string"}]}""", false },
    ];

    // The Assert section; chaining variables are shown already substituted.
    private const string Nested = """
        {"or": [
          {"and": [
            {"numberGreaterThan": 2.0, "value": "VERSION"},
            {"stringEquals": "arm64", "value": "ARCH"}]},
          {"stringEquals": "x86_64", "value": "ARCH"}]}
        """;

    private static readonly object[] AssertSection =
    [
        new object[] { """{"stringEquals": "2.1.1", "value": "2.1.1"}""", true },
        new object[] { """{"patternMatches": "^[a-zA-Z]+$", "value": "ThisIsOnlyLetters"}""", true },
        new object[] { """{"patternMatches": "^[a-zA-Z\\s]+$", "value": "This text contains spaces"}""", true },
        new object[] { """{"patternMatches": "^[0-9]+$", "value": "1234567890"}""", true },
        new object[] { Nested.Replace("VERSION", "2.1").Replace("ARCH", "arm64"), true },
        new object[] { Nested.Replace("VERSION", "1.5").Replace("ARCH", "x86_64"), true },
        new object[] { Nested.Replace("VERSION", "1.5").Replace("ARCH", "arm64"), false },
        new object[] { Nested.Replace("VERSION", "2.0").Replace("ARCH", "arm64"), false },
    ];

    [TestCaseSource(nameof(ComparisonPage))]
    public void Comparison_operators_page(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected, condition);

    [TestCaseSource(nameof(LogicalPage))]
    public void Logical_operators_page(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected, condition);

    [TestCaseSource(nameof(AssertSection))]
    public void Assert_module_section(string condition, bool expected) =>
        Eval.Json(condition).Value.Should().Be(expected, condition);

    [TestCase("apt-get", true)]
    [TestCase("yum", false)]
    public void Conditional_constructs_example_1_installs_unzip_only_with_the_right_package_manager(string manager, bool expected)
    {
        var host = new FakeConditionHost();
        host.Binaries.Add("apt-get");
        var condition = $$$"""{"and": [{"binaryExists": "{{{manager}}}"}, {"not": {"binaryExists": "unzip"}}]}""";

        Eval.Json(condition, host).Value.Should().Be(expected);

        host.Binaries.Add("unzip");
        Eval.Json(condition, host).Value.Should().BeFalse("unzip is already there");
    }

    [Test]
    public void Conditional_constructs_example_2_creates_the_file_only_when_it_is_missing()
    {
        var host = new FakeConditionHost();
        var withNot = IfConstruct.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"not": {"fileExists": "/etc/my_config"}}"""));
        var withElse = IfConstruct.Parse(System.Text.Json.Nodes.JsonNode.Parse("""{"fileExists": "/etc/my_config", "then": "Skip", "else": "Execute"}"""));

        withNot.Evaluate(host).Branch.Should().Be(StepBranch.Execute);
        withElse.Evaluate(host).Branch.Should().Be(StepBranch.Execute);

        host.Files.Add("/etc/my_config");
        withNot.Evaluate(host).Branch.Should().Be(StepBranch.Skip);
        withElse.Evaluate(host).Branch.Should().Be(StepBranch.Skip);
    }
}

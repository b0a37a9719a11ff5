using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using Toe.Conditions;

namespace Toe.Tests.Conditions;

/// <summary>Condition shape, nesting, short-circuit, and the if construct.</summary>
public sealed class ParserAndLogicTests
{
    private static Condition Parse(string json) => ConditionParser.Parse(JsonNode.Parse(json));

    [Test]
    public void Key_order_is_irrelevant() =>
        Parse("""{"value": "s3", "stringEquals": "s3"}""").Should().BeOfType<Comparison>()
            .Which.Operator.Should().Be("stringEquals");

    [Test]
    public void Not_accepts_a_mapping_and_a_one_item_list()
    {
        Parse("""{"not": {"stringIsEmpty": ""}}""").Should().BeOfType<NotCondition>();
        Parse("""{"not": [{"stringIsEmpty": ""}]}""").Should().BeOfType<NotCondition>();
    }

    [Test]
    public void Then_and_else_are_ignored_by_the_condition_parser() =>
        Eval.Json("""{"stringIsEmpty": "", "then": "Skip", "else": "Abort"}""").Value.Should().BeTrue();

    [TestCase("""{"not": [{"stringIsEmpty": ""}, {"stringIsEmpty": ""}]}""", "*exactly one*")]
    [TestCase("""{"stringIsEmpty": "", "stringEquals": "a", "value": "a"}""", "*2 operators*")]
    [TestCase("""{"value": "a"}""", "*no operator*")]
    [TestCase("""{"stringContains": "a", "value": "a"}""", "*unknown operator 'stringContains'*")]
    [TestCase("""{"stringEquals": "a"}""", "*needs 'value'*")]
    [TestCase("""{"fileSHA1Equals": "00", "value": "/x"}""", "*does not take 'value'*")]
    [TestCase("""{"fileExists": "/x", "path": "/x"}""", "*does not take 'path'*")]
    [TestCase("""{"and": {"stringIsEmpty": ""}}""", "*list of one or more*")]
    [TestCase("""{"or": []}""", "*list of one or more*")]
    [TestCase("""{"and": [{"stringIsEmpty": "", "then": "Skip"}]}""", "*2 operators*")]
    [TestCase("""{"stringEquals": ["a"], "value": "a"}""", "*single value*")]
    [TestCase("""["stringIsEmpty"]""", "*must be a mapping*")]
    public void Malformed_conditions_are_rejected(string json, string message)
    {
        var act = () => Parse(json);

        act.Should().Throw<ConditionException>().WithMessage(message);
    }

    [Test]
    public void Four_levels_nest_and_five_do_not()
    {
        const string four = """{"or": [{"and": [{"not": {"stringIsEmpty": "x"}}]}]}""";
        const string five = """{"or": [{"and": [{"not": {"not": {"stringIsEmpty": "x"}}}]}]}""";

        Eval.Json(four).Value.Should().BeTrue();
        var act = () => Parse(five);
        act.Should().Throw<ConditionException>().WithMessage("*more than 4 levels*");
    }

    [Test]
    public void Nested_explanations_say_which_condition_decided()
    {
        var result = Eval.Json("""{"and": [{"stringIsEmpty": ""}, {"not": {"numberEquals": 1, "value": "1"}}]}""");

        result.Value.Should().BeFalse();
        result.Explanation.Should().Be("and: condition 2 of 2 is false: not: the negated condition is true (numberEquals: expected '1', value was '1')");
    }

    [Test]
    public void Or_stops_at_the_first_true_condition()
    {
        var host = new FakeConditionHost();

        var result = Eval.Json("""{"or": [{"stringEquals": "a", "value": "a"}, {"fileExists": "/x"}, {"patternMatches": "(a)\\1", "value": "aa"}]}""", host);

        result.Value.Should().BeTrue();
        host.Calls.Should().Be(0, "neither the file nor the (invalid) pattern was looked at");
    }

    [Test]
    public void And_stops_at_the_first_false_condition()
    {
        var host = new FakeConditionHost();

        var result = Eval.Json("""{"and": [{"stringEquals": "a", "value": "b"}, {"fileSHA256Equals": "00", "path": "/missing"}, {"patternMatches": "(a)\\1", "value": "aa"}]}""", host);

        result.Value.Should().BeFalse();
        host.Calls.Should().Be(0);
    }

    [Test]
    public void Or_evaluates_on_while_conditions_are_false()
    {
        var host = new FakeConditionHost();
        host.Files.Add("/x");

        Eval.Json("""{"or": [{"binaryExists": "nope"}, {"fileExists": "/x"}, {"folderExists": "/y"}]}""", host).Value.Should().BeTrue();
        host.Calls.Should().Be(2);
    }

    [Test]
    public void If_defaults_to_execute_when_true_and_skip_when_false()
    {
        var construct = IfConstruct.Parse(JsonNode.Parse("""{"stringIsEmpty": ""}"""));

        construct.Then.Should().Be(StepBranch.Execute);
        construct.Else.Should().Be(StepBranch.Skip);
        construct.Choose(true).Should().Be(StepBranch.Execute);
        construct.Choose(false).Should().Be(StepBranch.Skip);
    }

    [Test]
    public void If_accepts_the_one_item_list_form_of_the_older_docs()
    {
        var construct = IfConstruct.Parse(JsonNode.Parse("""[{"stringEquals": "yes", "value": "no", "else": "Abort"}]"""));

        var (result, branch) = construct.Evaluate(new FakeConditionHost());

        result.Value.Should().BeFalse();
        branch.Should().Be(StepBranch.Abort);
        construct.Then.Should().Be(StepBranch.Execute);
    }

    [TestCase("""{"stringIsEmpty": "", "then": "skip"}""", "*then must be Abort, Execute or Skip, not 'skip'*")]
    [TestCase("""{"stringIsEmpty": "", "else": 1}""", "*else must be Abort, Execute or Skip*")]
    [TestCase("""[{"stringIsEmpty": ""}, {"stringIsEmpty": ""}]""", "*list of exactly one*")]
    [TestCase("""{"then": "Skip"}""", "*no operator*")]
    public void Malformed_if_is_rejected(string json, string message)
    {
        var act = () => IfConstruct.Parse(JsonNode.Parse(json));

        act.Should().Throw<ConditionException>().WithMessage(message);
    }
}

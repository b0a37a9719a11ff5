using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

public class ConditionRuleTests
{
    private static string WithIf(string condition) => $$"""
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Install
                action: ExecuteBash
                if:
        {{condition}}
                inputs:
                  commands: [echo]
        """;

    private static string Assertion(string inputs) => $$"""
        schemaVersion: 1.0
        phases:
          - name: test
            steps:
              - name: Verify
                action: Assert
                inputs:
        {{inputs}}
        """;

    [Test]
    public void TOE3301_one_operator_with_its_operands_and_branches_passes_in_any_key_order()
    {
        Check.Yaml(WithIf("          value: '1'\n          numberLessThan: 2\n          then: Execute\n          else: Skip")).Should().BeEmpty();
    }

    [Test]
    public void TOE3301_the_older_list_form_of_if_is_accepted()
    {
        Check.Yaml(WithIf("          - fileExists: /etc/hosts\n            then: Skip")).Should().BeEmpty();
    }

    [Test]
    public void TOE3301_two_operators_in_one_condition_are_an_error_at_the_second()
    {
        var diagnostics = Check.Yaml(WithIf("          fileExists: /a\n          folderExists: /b"));

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:9:11: error TOE3301: step 'Install': if has 2 operators (fileExists, folderExists); a condition holds exactly one, so combine them with 'and' or 'or'");
    }

    [Test]
    public void TOE3301_a_condition_with_only_operands_has_no_operator()
    {
        var diagnostics = Check.Yaml(Assertion("          value: x"));

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:8:11: error TOE3301: step 'Verify': Assert inputs has no operator; write one comparison (e.g. stringEquals with value) or one of and, or, not");
    }

    [Test]
    public void TOE3301_nested_conditions_hold_one_operator_each()
    {
        var diagnostics = Check.Yaml(Assertion("          and:\n            - fileExists: /a\n              folderExists: /b\n            - binaryExists: bash"));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ConditionOperatorCount && d.Location.Line == 10);
    }

    [TestCase("fileExists: /a\n          value: x", "fileExists takes a single operand; remove 'value'")]
    [TestCase("fileSHA256Equals: abc\n          path: /a\n          value: x", "fileSHA256Equals compares a file's hash: give the file in 'path', not 'value'")]
    [TestCase("stringEquals: a\n          value: a\n          path: /a", "'path' belongs to the file hash operators; stringEquals compares its operand with 'value'")]
    [TestCase("not:\n            fileExists: /a\n          value: x", "not takes conditions, not 'value'; move 'value' into the comparison it belongs to")]
    public void TOE3302_operands_must_belong_to_the_operator(string condition, string message)
    {
        var diagnostics = Check.Yaml(Assertion("          " + condition));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ConditionOperandMismatch && d.Message == "step 'Verify': Assert inputs: " + message);
    }

    [Test]
    public void TOE3303_four_levels_of_nesting_pass_and_five_fail()
    {
        const string FourLevels = """
                      or:
                        - and:
                            - not:
                                fileExists: /a
                            - binaryExists: bash
            """;
        Check.Yaml(Assertion(FourLevels)).Should().BeEmpty();

        const string FiveLevels = """
                      or:
                        - and:
                            - not:
                                or:
                                  - fileExists: /a
            """;
        var diagnostics = Check.Yaml(Assertion(FiveLevels));
        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:12:25: error TOE3303: step 'Verify': Assert inputs: conditions nest 5 levels deep here; AWSTOE allows at most 4 (a comparison inside and/or/not counts as a level)");
    }
}

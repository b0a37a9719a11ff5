using NUnit.Framework;
using FluentAssertions;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

/// <summary>One test per TOE2xxx code: a document that passes and one that fails, with where and what is said.</summary>
public class SchemaValidatorTests
{
    private const string Good = """
        name: Good
        schemaVersion: 1.0
        phases:
          - name: build
            steps:
              - name: Install
                action: ExecuteBash
                onFailure: Continue
                timeoutSeconds: -1
                maxAttempts: 2
                inputs:
                  commands:
                    - echo hello
              - name: Files
                action: CreateFile
                inputs:
                  - path: /tmp/a
                    permissions: 0644
                    overwrite: false
        """;

    [Test]
    public void A_well_formed_document_has_no_diagnostics()
    {
        Check.Yaml(Good).Should().BeEmpty();
    }

    [TestCase("1.0")]
    [TestCase("1")]
    [TestCase("'1.0'")]
    [TestCase("\"1\"")]
    public void SchemaVersion_may_be_written_as_number_or_string(string written)
    {
        Check.Yaml(Good.Replace("schemaVersion: 1.0", $"schemaVersion: {written}", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Test]
    public void TOE2001_a_missing_required_key_is_reported_at_the_mapping()
    {
        var diagnostics = Check.Yaml(Good.Replace("schemaVersion: 1.0\n", string.Empty, StringComparison.Ordinal));

        diagnostics.Should().ContainSingle();
        diagnostics[0].ToString().Should().Be("doc.yaml:1:1: error TOE2001: missing required key 'schemaVersion' (add 'schemaVersion: 1.0')");
    }

    [Test]
    public void TOE2001_a_missing_input_names_the_module()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Download
                    action: S3Download
                    inputs:
                      - source: s3://bucket/key
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:8:13: error TOE2001: step 'Download': missing required input 'destination' in inputs[0] for S3Download");
    }

    [Test]
    public void TOE2001_a_step_without_its_required_inputs_says_so()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Install
                    action: ExecuteBash
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:5:9: error TOE2001: step 'Install': missing 'inputs': the ExecuteBash action needs inputs (keys: commands)");
    }

    [Test]
    public void TOE2002_an_unknown_input_points_at_the_key_and_lists_the_expected_inputs()
    {
        var diagnostics = Check.Yaml(Good.Replace("commands:", "commandz:", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:12:11: error TOE2001: step 'Install': missing required input 'commands' for ExecuteBash",
            "doc.yaml:12:11: error TOE2002: step 'Install': unknown input 'commandz' for ExecuteBash (expected: commands)");
    }

    [Test]
    public void TOE2002_an_unknown_step_key_suggests_the_closest_one()
    {
        var diagnostics = Check.Yaml(Good.Replace("maxAttempts: 2", "maxAttempt: 2", StringComparison.Ordinal));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.SchemaUnknownKey && d.Location.Line == 10 && d.Location.Column == 9
            && d.Message.StartsWith("step 'Install': unknown key 'maxAttempt' in a step (expected: name, action,", StringComparison.Ordinal)
            && d.Message.EndsWith("; did you mean 'maxAttempts'?", StringComparison.Ordinal));
    }

    [Test]
    public void TOE2002_a_key_holding_dots_and_brackets_is_named_as_written()
    {
        var diagnostics = Check.Yaml(Good.Replace("commands:", "commands.v2[0]:", StringComparison.Ordinal));

        diagnostics.Select(d => d.Message).Should().Contain("step 'Install': unknown input 'commands.v2[0]' for ExecuteBash (expected: commands)");
    }

    [Test]
    public void TOE2001_list_inputs_are_summarised_with_their_item_keys()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Download
                    action: S3Download
            """);

        diagnostics.Select(d => d.Message).Should().Equal("step 'Download': missing 'inputs': the S3Download action needs inputs (a list of operations with keys: source, destination, expectedBucketOwner, overwrite)");
    }

    [Test]
    public void TOE2003_a_whole_item_of_the_wrong_kind_is_named_by_its_position()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - build
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:3:5: error TOE2003: phase #1 must be a mapping (got 'build')");
    }

    [Test]
    public void TOE2003_phases_written_as_a_mapping_is_a_wrong_type()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              build:
                steps: []
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:3:3: error TOE2003: phases must be a list (got a mapping)");
    }

    [Test]
    public void TOE2003_list_inputs_written_as_a_mapping_say_one_per_operation()
    {
        var diagnostics = Check.Yaml(Good.Replace("- path: /tmp/a", "  path: /tmp/a", StringComparison.Ordinal));

        diagnostics.Select(d => d.Message).Should().Equal("step 'Files': inputs for CreateFile must be a list of mappings, one per operation (got a mapping)");
        diagnostics[0].Code.Should().Be(DiagnosticCodes.SchemaWrongType);
    }

    [Test]
    public void TOE2003_a_boolean_input_rejects_other_words()
    {
        var diagnostics = Check.Yaml(Good.Replace("overwrite: false", "overwrite: nope", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:19:24: error TOE2003: step 'Files': inputs[0].overwrite must be true or false (or a {{ }} reference) (got 'nope')");
    }

    [Test]
    public void TOE2004_onFailure_lists_the_allowed_values()
    {
        var diagnostics = Check.Yaml(Good.Replace("onFailure: Continue", "onFailure: Stop", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:8:20: error TOE2004: step 'Install': onFailure must be one of Abort, Continue, Ignore (got 'Stop')");
    }

    [Test]
    public void TOE2004_a_misspelt_action_suggests_the_module()
    {
        var diagnostics = Check.Yaml(Good.Replace("action: ExecuteBash", "action: ExecuteBsh", StringComparison.Ordinal));

        diagnostics.Select(d => d.Message).Should().Equal("step 'Install': unknown action module 'ExecuteBsh' (did you mean 'ExecuteBash'?)");
        diagnostics[0].Code.Should().Be(DiagnosticCodes.SchemaNotAllowedValue);
    }

    [Test]
    public void TOE2005_a_short_phase_name_states_the_rule()
    {
        var diagnostics = Check.Yaml(Good.Replace("name: build", "name: b", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:4:11: error TOE2005: phase name 'b' must be 3 to 128 characters of letters, digits, '_' or '-'");
    }

    [Test]
    public void TOE2005_a_parameter_name_with_a_space_points_at_the_name()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            parameters:
              - My Param:
                  type: string
            phases:
              - name: build
                steps:
                  - name: Install
                    action: ExecuteBash
                    inputs:
                      commands: [echo]
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:3:5: error TOE2005: parameter name 'My Param' must be 3 to 128 characters of letters, digits, '_' or '-'");
    }

    [Test]
    public void TOE2006_an_empty_steps_list_is_too_few_items()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps: []
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:4:12: error TOE2006: phase 'build': steps must list at least 1 step (got an empty list)");
    }

    [Test]
    public void TOE2006_two_parameters_in_one_list_item_are_reported_once()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            parameters:
              - First:
                  type: string
                Second:
                  type: string
            phases:
              - name: build
                steps:
                  - name: Install
                    action: ExecuteBash
                    inputs:
                      commands: [echo]
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:3:5: error TOE2006: each item under parameters defines one parameter, but this one defines 2 (First, Second); start each with its own '- '");
    }

    [Test]
    public void TOE2007_a_timeout_of_zero_is_out_of_range()
    {
        var diagnostics = Check.Yaml(Good.Replace("timeoutSeconds: -1", "timeoutSeconds: 0", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:9:25: error TOE2007: step 'Install': timeoutSeconds must not be 0: give the seconds the step may run (1 or more), or -1 for no timeout");
    }

    [TestCase("timeoutSeconds: -2", "step 'Install': timeoutSeconds must be at least -1 (-1 means no timeout) (got -2)")]
    [TestCase("timeoutSeconds: '0'", "step 'Install': timeoutSeconds must be the seconds the step may run (1 or more), or -1 for no timeout (got '0')")]
    public void TOE2007_other_timeouts_below_minus_one_or_zero_as_text(string written, string message)
    {
        var diagnostics = Check.Yaml(Good.Replace("timeoutSeconds: -1", written, StringComparison.Ordinal));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.SchemaOutOfRange && d.Message == message);
    }

    [Test]
    public void TOE2007_maxAttempts_below_one()
    {
        var diagnostics = Check.Yaml(Good.Replace("maxAttempts: 2", "maxAttempts: 0", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:10:22: error TOE2007: step 'Install': maxAttempts must be at least 1 (got 0)");
    }

    [Test]
    public void TOE2008_ExecutePowerShell_takes_commands_or_file_not_both()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Both
                    action: ExecutePowerShell
                    inputs:
                      commands: [Write-Host hi]
                      file: C:\run.ps1
                  - name: Neither
                    action: ExecutePowerShell
                    inputs: {}
                  - name: OnlyFile
                    action: ExecutePowerShell
                    inputs:
                      file: C:\run.ps1
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:8:11: error TOE2008: step 'Both': inputs must have exactly one of 'commands' or 'file' (both are given; remove one)",
            "doc.yaml:12:17: error TOE2008: step 'Neither': inputs must have exactly one of 'commands' or 'file' (neither is given)");
    }

    [Test]
    public void TOE2008_a_loop_takes_for_or_forEach()
    {
        var diagnostics = Check.Yaml(Good.Replace("onFailure: Continue", "loop:\n          for: {start: 1, end: 2, updateBy: 1}\n          forEach: [a]", StringComparison.Ordinal));

        diagnostics.Select(d => d.Message).Should().Equal("step 'Install': loop must have exactly one of 'for' or 'forEach' (both are given; remove one)");
        diagnostics[0].Code.Should().Be(DiagnosticCodes.SchemaOneOf);
    }

    [Test]
    public void Failed_if_branches_of_other_actions_are_not_reported()
    {
        // One wrong input: JsonSchema.Net also fails 29 'if action == X' tests and the allOf around
        // them; only the leaf cause may come out.
        var diagnostics = Check.Yaml(Good.Replace("permissions: 0644", "permissions: [1]", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:18:26: error TOE2003: step 'Files': inputs[0].permissions must be a single value (a string) (got a list)");
    }

    [Test]
    public void Each_error_is_reported_once_even_when_two_keywords_fail_on_it()
    {
        var diagnostics = Check.Yaml(Good.Replace("maxAttempts: 2", "maxAttempts: two", StringComparison.Ordinal));

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:10:22: error TOE2003: step 'Install': maxAttempts must be a whole number of attempts, 1 or more (got 'two')");
    }

    [Test]
    public void Templates_are_accepted_where_numbers_and_booleans_are_expected()
    {
        var yaml = """
            schemaVersion: 1.0
            parameters:
              - Timeout:
                  type: string
                  default: '60'
            phases:
              - name: build
                steps:
                  - name: Install
                    action: ExecuteBash
                    timeoutSeconds: '{{ Timeout }}'
                    maxAttempts: '{{ Timeout }}'
                    inputs:
                      commands: [echo]
            """;

        Check.Yaml(yaml).Should().BeEmpty();
    }
}

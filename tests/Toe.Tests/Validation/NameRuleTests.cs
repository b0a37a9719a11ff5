using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

public class NameRuleTests
{
    [Test]
    public void TOE3001_parameters_and_constants_with_distinct_names_pass()
    {
        Check.Yaml("""
            schemaVersion: 1.0
            parameters:
              - First:
                  type: string
            constants:
              - Second:
                  type: string
                  value: x
            phases:
              - name: build
                steps:
                  - name: Echo
                    action: ExecuteBash
                    inputs:
                      commands: ['echo {{ First }} {{ Second }}']
            """).Should().BeEmpty();
    }

    [Test]
    public void TOE3001_a_repeated_parameter_and_a_constant_sharing_its_name_are_errors()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            parameters:
              - Source:
                  type: string
              - Source:
                  type: string
            constants:
              - Source:
                  type: string
                  value: x
            phases:
              - name: build
                steps:
                  - name: Echo
                    action: ExecuteBash
                    inputs:
                      commands: ['echo {{ Source }}']
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:5:5: error TOE3001: parameter 'Source' is defined twice (first at line 3); names must be unique among parameters and constants",
            "doc.yaml:8:5: error TOE3001: constant 'Source' has the same name as parameter 'Source' (first at line 3); names must be unique among parameters and constants");
    }

    [Test]
    public void TOE3002_a_repeated_phase_name_is_an_error()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: One
                    action: Reboot
              - name: build
                steps:
                  - name: Two
                    action: Reboot
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:7:11: error TOE3002: phase name 'build' is used twice (first at line 3); phase names must be unique in a document");
    }

    [Test]
    public void TOE3003_step_names_repeat_across_phases_but_not_within_one()
    {
        var diagnostics = Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Restart
                    action: Reboot
                  - name: Restart
                    action: Reboot
              - name: test
                steps:
                  - name: Restart
                    action: Reboot
            """);

        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:7:15: error TOE3003: step name 'Restart' is used twice in phase 'build' (first at line 5); step names must be unique in their phase");
    }

    [Test]
    public void TOE3004_loop_names_are_unique_within_a_phase()
    {
        const string Yaml = """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: One
                    action: ExecuteBash
                    loop:
                      name: files
                      forEach: [a]
                    inputs:
                      commands: ['echo {{ files.value }}']
                  - name: Two
                    action: ExecuteBash
                    loop:
                      name: NAME
                      forEach: [b]
                    inputs:
                      commands: ['echo {{ NAME.value }}']
            """;

        Check.Yaml(Yaml.Replace("NAME", "others", StringComparison.Ordinal)).Should().BeEmpty();
        Check.Yaml(Yaml.Replace("NAME", "files", StringComparison.Ordinal)).Select(d => d.ToString()).Should().Equal(
            "doc.yaml:15:17: error TOE3004: loop name 'files' is used twice in phase 'build' (first by step 'One'); loop names must be unique in their phase");
    }

    [Test]
    public void Names_compare_case_sensitively()
    {
        Check.Yaml("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Restart
                    action: Reboot
                  - name: restart
                    action: Reboot
            """).Should().NotContain(d => d.Code == DiagnosticCodes.DuplicateStepName);
    }
}

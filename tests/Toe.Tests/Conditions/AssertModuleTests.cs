using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;
using Toe.Tests.EngineTests;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.Conditions;

/// <summary>The Assert module through the real engine: failure message, onFailure, chaining into operands.</summary>
[TestFixture]
public sealed class AssertModuleTests : EngineTestBase
{
    [Test]
    public async Task A_false_assert_fails_the_step_with_the_explanation_and_onFailure_applies()
    {
        var result = await _h.RunAsync(Yaml(
            Bash("Version", "echo abd")
            + """
                    - name: Check
                      action: Assert
                      onFailure: Continue
                      inputs:
                        value: '{{ build.Version.outputs.stdout }}'
                        stringEquals: 'abc'

              """
            + Bash("After", "echo after")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Check").Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Check").FailureMessage.Should().Be("Assert failed: stringEquals: expected 'abc', value was 'abd'");
        _h.Step("build", "After").Status.Should().Be(Statuses.Success, "onFailure: Continue lets the phase go on");
    }

    [Test]
    public async Task A_true_assert_succeeds_and_ignore_turns_a_false_one_into_an_ignored_failure()
    {
        var result = await _h.RunAsync(Yaml(

            """
                  - name: Holds
                    action: Assert
                    inputs:
                      or:
                        - and:
                            - numberGreaterThan: 2.0
                              value: '2.1'
                            - stringEquals: 'arm64'
                              value: 'ARM64'
                        - stringEquals: 'x86_64'
                          value: 'arm64'
                  - name: DoesNotHold
                    action: Assert
                    onFailure: Ignore
                    inputs:
                      not:
                        binaryExists: bash
            """));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.ReadDetailedOutput().Status.Should().Be(Statuses.SuccessWithIgnoredFailure);
        _h.Step("build", "Holds").Status.Should().Be(Statuses.Success);
        _h.Step("build", "DoesNotHold").Status.Should().Be(Statuses.Ignored);
        _h.Step("build", "DoesNotHold").FailureMessage.Should().StartWith("Assert failed: not: the negated condition is true (binaryExists: '");
    }

    [Test]
    public async Task An_unparsable_condition_fails_the_step_and_abort_stops_the_run()
    {
        var result = await _h.RunAsync(Yaml(

            """
                  - name: Broken
                    action: Assert
                    inputs:
                      stringEquals: 'a'

            """
            + Bash("NeverRuns", "echo never")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        _h.Step("build", "Broken").FailureMessage.Should().Be("Assert: the condition cannot be evaluated: stringEquals needs 'value': the value compared with 'stringEquals'");
        _h.ReadDetailedOutput().Documents[0].Phases[0].Steps.Select(s => s.Name).Should().Equal("Broken");
    }
}

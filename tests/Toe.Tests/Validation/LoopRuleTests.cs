using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

public class LoopRuleTests
{
    private static string WithRange(string start, string end, string updateBy) => $$$"""
        schemaVersion: 1.0
        parameters:
          - Step:
              type: string
              default: '1'
        phases:
          - name: build
            steps:
              - name: Count
                action: ExecuteBash
                loop:
                  for:
                    start: {{{start}}}
                    end: {{{end}}}
                    updateBy: {{{updateBy}}}
                inputs:
                  commands: ['echo {{ loop.value }}']
        """;

    [TestCase("1", "10", "2")]
    [TestCase("10", "1", "-3")]
    [TestCase("5", "5", "-1")]
    [TestCase("'1'", "'10'", "'{{ Step }}'")]
    public void TOE3304_ranges_that_reach_their_end_pass(string start, string end, string updateBy)
    {
        Check.Yaml(WithRange(start, end, updateBy)).Should().BeEmpty();
    }

    [Test]
    public void TOE3304_an_update_of_zero_never_ends()
    {
        var diagnostics = Check.Yaml(WithRange("1", "3", "0"));

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:15:23: error TOE3304: step 'Count': loop.for.updateBy is 0, so the loop would never end; use a positive step to count up or a negative one to count down");
    }

    [TestCase("1", "10", "-1", "the loop counts down from 1 by -1, so it never reaches 10; use a positive updateBy or swap start and end")]
    [TestCase("10", "1", "1", "the loop counts up from 10 by 1, so it never reaches 1; use a negative updateBy or swap start and end")]
    public void TOE3304_an_update_pointing_away_from_the_end_never_ends(string start, string end, string updateBy, string message)
    {
        var diagnostics = Check.Yaml(WithRange(start, end, updateBy));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.LoopNeverEnds && d.Message == "step 'Count': " + message);
    }
}

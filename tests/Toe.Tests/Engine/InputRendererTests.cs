using FluentAssertions;
using NUnit.Framework;
using Toe.Documents;
using Toe.Engine;

namespace Toe.Tests.EngineTests;

/// <summary>
/// Which inputs the engine may render ahead of their step (StepFolders writes the script then): only those in which no
/// string holds a reference, in any value at any depth. Keys are never rendered, so a brace in a key does not count.
/// </summary>
[TestFixture]
public sealed class InputRendererTests
{
    private static YNode? InputsOf(string inputs)
    {
        var yaml = $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: One
                    action: ExecuteBash
                    inputs:
            {inputs}
            """;
        return DocumentLoader.LoadText(yaml, "inputs.yml").Document!.Phases[0].Steps[0].Inputs;
    }

    [TestCase("          commands:\n            - echo plain\n            - \"true\"")]
    [TestCase("          path: /bin/true\n          arguments:\n            - '{ not a reference }'")]
    [TestCase("          '{{key}}': value")]
    public void Inputs_without_a_reference_are_static(string inputs) =>
        InputRenderer.HoldsNoReference(InputsOf(inputs)).Should().BeTrue();

    [TestCase("          commands:\n            - echo {{ build.Zero.outputs.stdout }}")]
    [TestCase("          commands:\n            - echo plain\n            - echo {{ Parameter }}")]
    [TestCase("          - source: s3://bucket/{{ name }}\n            destination: /tmp/x")]
    [TestCase("          outer:\n            inner:\n              - deep: '{{ loop.value }}'")]
    public void Inputs_with_a_reference_anywhere_are_not(string inputs) =>
        InputRenderer.HoldsNoReference(InputsOf(inputs)).Should().BeFalse();
}

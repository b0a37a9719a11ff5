using FluentAssertions;
using NUnit.Framework;
using Toe.Diagnostics;

namespace Toe.Tests.Validation;

public class ReferenceRuleTests
{
    /// <summary>A document with parameter Version, constant Folder and phases build (Download, Unpack) and test (Check).</summary>
    private static string Document(string unpackCommand, string checkIf = "", string downloadExtra = "") => $$$"""
        schemaVersion: 1.0
        parameters:
          - Version:
              type: string
              default: '1.0'
        constants:
          - Folder:
              type: string
              value: /opt/app
        phases:
          - name: build
            steps:
              - name: Download
                action: S3Download
        {{{downloadExtra}}}
                inputs:
                  - source: 's3://bucket/app-{{ Version }}.zip'
                    destination: /tmp/app.zip
              - name: Unpack
                action: ExecuteBash
                inputs:
                  commands:
                    - '{{{unpackCommand}}}'
          - name: test
            steps:
              - name: Check
                action: ExecuteBash
        {{{checkIf}}}
                inputs:
                  commands:
                    - 'test -f {{ build.Download.inputs[0].destination }}'
        """;

    private static IEnumerable<Diagnostic> RuleErrors(string yaml) =>
        Check.Errors(yaml).Where(d => d.Code.StartsWith("TOE3", StringComparison.Ordinal));

    [Test]
    public void Declared_names_chaining_to_earlier_steps_and_built_ins_pass()
    {
        var yaml = Document(
            "unzip {{ build.Download.inputs[0].destination }} -d {{Folder}} && echo {{ env:HOME }} {{ context:osPlatform }} {{ aws:ssm:/app/key }} {{ aws:ssm:resolve(Version) }} {{ aws:imds:instance-id }}",
            "        if:\n          value: '{{ build.Unpack.outputs.stdout }}'\n          stringEquals: ok");

        Check.Yaml(yaml).Should().BeEmpty();
    }

    [Test]
    public void TOE3101_an_undeclared_name_is_an_error_and_names_are_case_sensitive()
    {
        var diagnostics = RuleErrors(Document("echo {{ version }} {{ Missing }}"));

        diagnostics.Select(d => d.ToString()).Should().Equal(
            "doc.yaml:23:21: error TOE3101: {{ version }}: 'version' is not a parameter or constant of this document; did you mean 'Version'? (names are case-sensitive)",
            "doc.yaml:23:35: error TOE3101: {{ Missing }}: 'Missing' is not a parameter or constant of this document");
    }

    [Test]
    public void TOE3101_if_operands_are_checked_too()
    {
        var diagnostics = RuleErrors(Document("echo", "        if:\n          stringEquals: '{{ Mode }}'\n          value: 'on'"));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.UndeclaredVariable && d.Location.Line == 29);
    }

    [Test]
    public void TOE3102_loop_variables_need_a_loop_in_their_own_step()
    {
        var withLoop = Document("echo {{ loop.value }} {{ parts.index }}").Replace(
            "      - name: Unpack\n        action: ExecuteBash\n",
            "      - name: Unpack\n        action: ExecuteBash\n        loop:\n          name: parts\n          forEach: [a, b]\n",
            StringComparison.Ordinal);
        RuleErrors(withLoop).Should().BeEmpty();

        var diagnostics = RuleErrors(Document("echo {{ loop.value }}"));
        diagnostics.Select(d => d.ToString()).Should().Equal("doc.yaml:23:21: error TOE3102: {{ loop.value }}: step 'Unpack' has no loop; add a 'loop' to the step or remove the reference (AWSTOE would leave it unreplaced)");
    }

    [Test]
    public void TOE3102_a_loop_name_must_be_the_step_s_own()
    {
        var yaml = Document("echo {{ other.value }}").Replace(
            "      - name: Unpack\n        action: ExecuteBash\n",
            "      - name: Unpack\n        action: ExecuteBash\n        loop:\n          name: parts\n          forEach: [a, b]\n",
            StringComparison.Ordinal);

        RuleErrors(yaml).Select(d => d.Message).Should().Equal(
            "{{ other.value }}: the loop of step 'Unpack' is named 'parts', not 'other'; write {{ loop.value }} or {{ parts.value }} (a step can only read its own loop)");
    }

    [Test]
    public void TOE3103_chaining_names_an_existing_phase_and_step()
    {
        var diagnostics = RuleErrors(Document("echo {{ biuld.Download.inputs[0].source }} {{ build.Downlaod.inputs[0].source }}"));

        diagnostics.Select(d => d.Message).Should().Equal(
            "{{ biuld.Download.inputs[0].source }}: this document has no phase named 'biuld'; did you mean 'build'?",
            "{{ build.Downlaod.inputs[0].source }}: phase 'build' has no step named 'Downlaod'; did you mean 'Download'?");
        diagnostics.Should().OnlyContain(d => d.Code == DiagnosticCodes.ChainingUnknownTarget);
    }

    [Test]
    public void TOE3104_chaining_reads_only_earlier_steps()
    {
        var diagnostics = RuleErrors(Document("echo {{ build.Unpack.outputs.stdout }} {{ test.Check.outputs.stdout }}"));

        diagnostics.Select(d => d.Message).Should().Equal(
            "{{ build.Unpack.outputs.stdout }}: step 'Unpack' is this step itself; chaining can only read steps that run earlier",
            "{{ test.Check.outputs.stdout }}: step 'Check' runs after this step; chaining can only read steps that run earlier");
        diagnostics.Should().OnlyContain(d => d.Code == DiagnosticCodes.ChainingNotEarlier);
    }

    [Test]
    public void TOE3105_chaining_is_allowed_only_in_inputs_if_and_forEach_lists()
    {
        var diagnostics = RuleErrors(Document("echo", downloadExtra: "        timeoutSeconds: '{{ build.Download.outputs.stdout }}'").Replace(
            "name: test", "name: '{{ build.Unpack.outputs.stdout }}'", StringComparison.Ordinal));

        diagnostics.Select(d => d.Code).Should().Equal(DiagnosticCodes.ChainingNotAllowedHere, DiagnosticCodes.ChainingNotAllowedHere);
        diagnostics.First().Message.Should().Be("{{ build.Download.outputs.stdout }}: chaining expressions can be used only in step inputs, in a step's if, and in a loop's forEach list");
    }

    [Test]
    public void TOE3105_chaining_in_a_forEach_list_passes_but_not_in_a_for_range()
    {
        var forEach = Document("echo {{ loop.value }}").Replace(
            "      - name: Unpack\n        action: ExecuteBash\n",
            "      - name: Unpack\n        action: ExecuteBash\n        loop:\n          forEach:\n            list: '{{ build.Download.inputs[0].destination }}'\n            delimiter: ','\n",
            StringComparison.Ordinal);
        RuleErrors(forEach).Should().BeEmpty();

        var range = forEach.Replace("forEach:\n            list: '{{ build.Download.inputs[0].destination }}'\n            delimiter: ','", "for:\n            start: 1\n            end: '{{ build.Download.inputs[0].destination }}'\n            updateBy: 1", StringComparison.Ordinal);
        RuleErrors(range).Select(d => d.Code).Should().Equal(DiagnosticCodes.ChainingNotAllowedHere);
    }

    [Test]
    public void TOE3106_indexes_and_keys_must_exist_in_the_chained_step()
    {
        var diagnostics = RuleErrors(Document(
            "echo {{ build.Download.inputs[1].source }} {{ build.Download.inputs[0].sauce }} {{ build.Download.inputs.source }} {{ build.Download.outputs.stdout }}"));

        diagnostics.Select(d => d.Message).Should().Equal(
            "{{ build.Download.inputs[1].source }}: step 'Download' has 1 input item, so index 1 is out of range (indexes start at 0)",
            "{{ build.Download.inputs[0].sauce }}: step 'Download' has no input 'sauce' in inputs[0] (written: source, destination)",
            "{{ build.Download.inputs.source }}: the inputs of step 'Download' are a list; say which item, e.g. build.Download.inputs[0].source",
            "{{ build.Download.outputs.stdout }}: step 'Download' uses S3Download, which has no outputs");
        diagnostics.Should().OnlyContain(d => d.Code == DiagnosticCodes.ChainingBadIndexOrKey);
    }

    [Test]
    public void TOE3106_outputs_must_be_ones_the_module_has_and_mapping_inputs_take_no_index()
    {
        var yaml = Document("echo").Replace(
            "'test -f {{ build.Download.inputs[0].destination }}'",
            "'echo {{ build.Unpack.outputs.stdot }} {{ build.Unpack.inputs[0].commands }}'",
            StringComparison.Ordinal);

        RuleErrors(yaml).Select(d => d.Message).Should().Equal(
            "{{ build.Unpack.outputs.stdot }}: ExecuteBash has no output 'stdot' (outputs: stdout)",
            "{{ build.Unpack.inputs[0].commands }}: the inputs of step 'Unpack' are not a list, so they take no index; write build.Unpack.inputs.commands");
    }

    [TestCase("env:", "env: needs the name of an environment variable, e.g. {{ env:IMAGE_VERSION }}")]
    [TestCase("context:region ", null)]
    [TestCase("context:os", "unknown context variable 'os' (expected one of: executionId, accountId, region, osPlatform, osName, osVersion, date, dateTime, uuid, hostname, phase, step)")]
    [TestCase("context:osplatform", "unknown context variable 'osplatform' (did you mean 'osPlatform'?)")]
    [TestCase("aws:imds:iam/security-credentials/role", "IMDS paths under iam/ and identity-credentials/ hold credentials; AWSTOE refuses them at validation, and so does Toe")]
    [TestCase("aws:imds:/meta-data/identity-credentials/ec2/info", "IMDS paths under iam/ and identity-credentials/ hold credentials; AWSTOE refuses them at validation, and so does Toe")]
    [TestCase("aws:imds:placement/region", null)]
    [TestCase("aws:ssm:", "aws:ssm: needs a parameter name, e.g. {{ aws:ssm:/my/parameter }} or {{ aws:ssm:resolve(ParameterName) }}")]
    [TestCase("aws:ssm:resolve()", "aws:ssm: needs a parameter name, e.g. {{ aws:ssm:/my/parameter }} or {{ aws:ssm:resolve(ParameterName) }}")]
    [TestCase("aws:ssm:resolve(Version", "resolve( has no closing ')'; e.g. {{ aws:ssm:/my/parameter }} or {{ aws:ssm:resolve(ParameterName) }}")]
    [TestCase("aws:ssm:/my param", "'/my param' is not an SSM parameter name: ' ' is not allowed (names hold letters, digits and _ . - /; ':' only in ARNs and version selectors)")]
    [TestCase("aws:ssm:resolve(a b)", "resolve() takes the name of a document parameter or constant (letters, digits, '-' and '_') or aws:ssm:<name>, not 'a b'")]
    [TestCase("aws:ssm:resolve(aws:ssm:/x y)", "'/x y' is not an SSM parameter name: ' ' is not allowed (names hold letters, digits and _ . - /; ':' only in ARNs and version selectors)")]
    [TestCase("aws:ssm:resolve(aws:ssm:/app/name-holder)", null)]
    [TestCase("aws:ssm:/app/key:3", null)]
    [TestCase("aws:ssm:arn:aws:ssm:us-west-2:111122223333:parameter/app/key", null)]
    [TestCase("aws:ssm:/aws/reference/secretsmanager/db-password", null)]
    public void TOE3107_built_in_variables_must_be_well_formed(string inner, string? message)
    {
        var diagnostics = RuleErrors(Document($"echo {{{{ {inner} }}}}")).ToList();

        if (message is null)
        {
            diagnostics.Should().BeEmpty();
        }
        else
        {
            diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.BadBuiltInVariable && d.Message.EndsWith(message, StringComparison.Ordinal));
        }
    }

    [Test]
    public void TOE3101_resolve_names_an_undeclared_parameter()
    {
        var diagnostics = RuleErrors(Document("echo {{ aws:ssm:resolve(version) }}"));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.UndeclaredVariable
            && d.Message.EndsWith("resolve(version): 'version' is not a parameter or constant of this document; did you mean 'Version'? (resolve() takes the name of one whose value is an SSM parameter name)", StringComparison.Ordinal));
    }

    [Test]
    public void TOE3107_resolve_takes_the_name_without_nested_braces()
    {
        var diagnostics = RuleErrors(Document("echo {{ aws:ssm:resolve({{ Version }}) }}"));

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.BadBuiltInVariable
            && d.Message.EndsWith("{{ Version }}: inside resolve() write the name without braces, e.g. {{ aws:ssm:resolve(Version) }}", StringComparison.Ordinal));
    }

    [TestCase("{{ imagebuilder:parentImage }}", "unknown variable prefix 'imagebuilder:'; the prefixed variables are env:, context:, aws:ssm: and aws:imds: (lower case)")]
    [TestCase("{{ aws:secretsmanager:db }}", "unknown variable prefix 'aws:secretsmanager:'; the prefixed variables are env:, context:, aws:ssm: and aws:imds: (lower case)")]
    [TestCase("{{ build.Step.output.stdout }}", "not a reference AWSTOE understands; write one of {{ Name }} (a parameter or constant), {{ phase.step.inputs[i].key }} or {{ phase.step.outputs.key }}, {{ loop.index }} or {{ loop.value }}, {{ env:NAME }}, {{ context:key }}, {{ aws:ssm:name }} or {{ aws:imds:path }}")]
    [TestCase("{{ }}", "an empty reference; write one of")]
    public void TOE3108_malformed_references_and_unknown_prefixes_name_the_allowed_forms(string written, string message)
    {
        var diagnostics = RuleErrors(Document($"echo {written}")).ToList();

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.MalformedReference && d.Message.StartsWith($"{written}: {message}", StringComparison.Ordinal));
    }

    [TestCase("{{ .Names }}")]
    [TestCase("{{.State.Running}}")]
    [TestCase("{{ json .Config }}")]
    [TestCase("{{ range .Items }}")]
    [TestCase("{{ $x }}")]
    public void TOE3108_go_templates_are_a_warning_not_an_error(string written)
    {
        var diagnostics = Check.Yaml(Document($"docker ps --format \"{written}\""));

        diagnostics.Where(d => d.Severity == Severity.Error).Should().BeEmpty();
        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.MalformedReference)
            .Which.Should().Match<Diagnostic>(d => d.Severity == Severity.Warning && d.Message.Contains("left as written", StringComparison.Ordinal));
    }

    [Test]
    public void A_reference_inside_a_block_scalar_is_located_precisely()
    {
        var diagnostics = Check.Errors("""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Script
                    action: ExecuteBash
                    inputs:
                      commands:
                        - |
                          set -e
                          echo   {{ Nothing }}
            """);

        diagnostics.Brief().Should().Equal("11:22 TOE3101");
    }

    [Test]
    public void Shell_variables_are_not_references()
    {
        Check.Yaml(Document("echo ${HOME} $PATH ${AWS::Region} {{ Version }}")).Should().BeEmpty();
    }
}

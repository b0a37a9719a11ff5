using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using System.Text.Json.Nodes;
using Toe.Actions;
using Toe.Documents;
using Toe.Engine;
using Toe.Logging;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

/// <summary>Loops on steps (looping constructs page; decisions in docs/compatibility.md, "Loops").</summary>
[TestFixture]
public sealed class LoopTests : EngineTestBase
{
    private string Loop(string step = "Loop") => ReportJson.ToCompactJson(_h.Step("build", step).Loop);

    [TestCase(1, 5, 2, "0:1\\n1:3\\n2:5")]
    [TestCase(3, -1, -2, "0:3\\n1:1\\n2:-1")]
    [TestCase(7, 7, 1, "0:7")]
    [TestCase(7, 7, -3, "0:7")]
    [TestCase(0, 10, 4, "0:0\\n1:4\\n2:8")]
    public async Task For_counts_up_or_down_including_both_ends_with_a_zero_based_index(int start, int end, int by, string stdout)
    {
        var result = await _h.RunAsync(Yaml(Bash("Loop", "echo {{ loop.index }}:{{ loop.value }}", $"loop: {{for: {{start: {start}, end: {end}, updateBy: {by}}}}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Loop").Outputs.Should().Be($$"""[{"stdout":"{{stdout}}"}]""");
        var count = stdout.Split("\\n").Length;
        Loop().Should().Be($$"""{"name":"","type":"for","start":{{start}},"end":{{end}},"updateBy":{{by}},"iterationCount":{{count}},"succeededIterationCount":{{count}},"failedIterationIndex":null}""");
        result.Summary.ExecutedStepCount.Should().Be(1, "a loop is one step, whatever its iteration count");
    }

    [Test]
    public async Task The_page_for_example_runs_its_ten_iterations_from_100000_to_1000000()
    {
        // The page's CalculateFileUploadLatencies uses PowerShell and S3; the same loop with bash.
        var result = await _h.RunAsync(Yaml(Bash("CalculateFileUploadLatencies", "echo test{{ loop.index }}.txt {{ loop.value }}MB", "loop: {for: {start: 100000, end: 1000000, updateBy: 100000}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        var expected = string.Join("\\n", Enumerable.Range(0, 10).Select(i => $"test{i}.txt {(i + 1) * 100000}MB"));
        _h.Step("build", "CalculateFileUploadLatencies").Outputs.Should().Be($$"""[{"stdout":"{{expected}}"}]""");
    }

    [Test]
    public async Task The_page_forEach_example_1_runs_each_script_and_reports_passed_or_failed()
    {
        // Verbatim from the page, with the script paths moved into the test folder.
        var ok = Path.Combine(_h.Root, "script1.sh");
        var bad = Path.Combine(_h.Root, "script2.sh");
        File.WriteAllText(ok, "exit 0\n");
        File.WriteAllText(bad, "exit 3\n");
        var missing = Path.Combine(_h.Root, "script3.sh");
        var yaml = Yaml($$$"""
                  - name: "ExecuteCustomScripts"
                    action: "ExecuteBash"
                    loop:
                      name: BatchExecLoop
                      forEach:
                        - {{{ok}}}
                        - {{{bad}}}
                        - {{{missing}}}
                    inputs:
                      commands:
                        - echo "Count {{ BatchExecLoop.index }}"
                        - sh "{{ loop.value }}"
                        - |
                          retVal=$?
                          if [ $retVal -ne 0 ]; then
                            echo "Failed"
                          else
                            echo "Passed"
                          fi

            """);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        var step = _h.Step("build", "ExecuteCustomScripts");
        step.Outputs.Should().Be("""[{"stdout":"Count 0\nPassed\nCount 1\nFailed\nCount 2\nFailed"}]""");
        Loop("ExecuteCustomScripts").Should().StartWith("""{"name":"BatchExecLoop","type":"forEach","iterationCount":3,""");
    }

    [Test]
    public async Task The_page_forEach_example_2_passes_each_value_as_one_argument()
    {
        // The page's RunMSIWithDifferentArgs, with /bin/echo for runner.exe and the documented
        // ExecuteBinary inputs (the page's `commands:` wrapper and `args:` are documentation errors).
        var yaml = Yaml("""
                  - name: "RunMSIWithDifferentArgs"
                    action: "ExecuteBinary"
                    loop:
                      name: MultiArgLoop
                      forEach:
                        - "ARG1=C:\\Users ARG2=1"
                        - "ARG1=C:\\Users"
                    inputs:
                      path: /bin/echo
                      arguments:
                        - "{{ MultiArgLoop.value }}"

            """);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "RunMSIWithDifferentArgs").Outputs.Should().Be("""[{"stdout":"ARG1=C:\\Users ARG2=1\nARG1=C:\\Users"}]""");
    }

    [Test]
    public async Task The_page_delimited_example_1_iterates_over_the_lines_of_a_chained_stdout()
    {
        // The page's RunMSIs: one program path per line of an earlier step's stdout, delimiter "\n".
        var first = Path.Combine(_h.Root, "first.sh");
        var second = Path.Combine(_h.Root, "second.sh");
        foreach (var script in new[] { first, second })
        {
            File.WriteAllText(script, $"#!/bin/sh\necho ran {Path.GetFileName(script)}\n");
        }

        var yaml = Yaml(Bash("GetAllMSIPathsForInstallation", $"chmod +x '{first}' '{second}'\necho {first}\necho {second}") + """
                  - name: "RunMSIs"
                    action: "ExecuteBinary"
                    loop:
                      forEach:
                        list: "{{ build.GetAllMSIPathsForInstallation.outputs.stdout }}"
                        delimiter: "\n"
                    inputs:
                      path: "{{ loop.value }}"

            """);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "RunMSIs").Outputs.Should().Be("""[{"stdout":"ran first.sh\nran second.sh"}]""");
        Loop("RunMSIs").Should().Be("""{"name":"","type":"forEach","delimiter":"\n","iterationCount":2,"succeededIterationCount":2,"failedIterationIndex":null}""");
        _h.ReadLog(RunFolder.ChainingFile).Should().Contain("{{ build.GetAllMSIPathsForInstallation.outputs.stdout }}");
    }

    [Test]
    public async Task ForEach_list_values_are_used_as_written()
    {
        var result = await _h.RunAsync(Yaml(Bash("Loop", "echo \"[{{ loop.value }}]\"", "loop: {forEach: [a, 'b c', '', 42]}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Loop").Outputs.Should().Be("""[{"stdout":"[a]\n[b c]\n[]\n[42]"}]""");
    }

    [TestCase(null, "a,b;c", "[a]\\n[b;c]")]
    [TestCase(",", "a,,b,", "[a]\\n[b]")]
    [TestCase(";", "a;b c", "[a]\\n[b c]")]
    [TestCase(" ", "a b  c", "[a]\\n[b]\\n[c]")]
    [TestCase("-", "x-y", "[x]\\n[y]")]
    [TestCase("_", "x_y", "[x]\\n[y]")]
    [TestCase(".", "x.y", "[x]\\n[y]")]
    [TestCase(":", "x:y", "[x]\\n[y]")]
    [TestCase("\\t", "x\\ty", "[x]\\n[y]")]
    [TestCase("\\n", "x\\ny\\n", "[x]\\n[y]")]
    public async Task ForEach_delimited_splits_at_the_delimiter_comma_by_default_and_drops_empty_pieces(string? delimiter, string list, string stdout)
    {
        var delimiterYaml = delimiter is null ? string.Empty : $", delimiter: \"{delimiter}\"";
        var result = await _h.RunAsync(Yaml(Bash("Loop", "echo \"[{{ loop.value }}]\"", $"loop: {{forEach: {{list: \"{list}\"{delimiterYaml}}}}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Loop").Outputs.Should().Be($$"""[{"stdout":"{{stdout}}"}]""");
    }

    [Test]
    public async Task A_single_quoted_backslash_n_is_not_a_delimiter()
    {
        await _h.RunAsync(Yaml(Bash("Loop", "echo {{ loop.value }}", "loop: {forEach: {list: \"a,b\", delimiter: '\\n'}}")));

        _h.Step("build", "Loop").FailureMessage.Should().Be("loop.forEach.delimiter is '\\n'; it must be one of . , ; : \\n \\t space - _");
        _h.Observer.Finished.Single().Attempts.Should().Be(0);
    }

    [Test]
    public async Task A_named_loop_is_read_with_its_name_and_with_loop()
    {
        var result = await _h.RunAsync(Yaml(Bash("Loop", "echo {{ Files.index }}={{ Files.value }}/{{ loop.index }}={{ loop.value }}", "loop: {name: Files, forEach: [x, y]}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Loop").Outputs.Should().Be("""[{"stdout":"0=x/0=x\n1=y/1=y"}]""");
    }

    [Test]
    public async Task Another_name_than_the_step_loop_fails_the_step_before_anything_runs()
    {
        await _h.RunAsync(Yaml(Bash("Loop", "echo {{ Other.value }}", "loop: {name: Files, forEach: [x]}")));

        _h.Step("build", "Loop").FailureMessage.Should().Be("'{{ Other.value }}': the loop of this step is named 'Files'; a step can only read its own loop");
        _h.Observer.Finished.Single().Attempts.Should().Be(0);
    }

    [Test]
    public async Task Loop_variables_in_a_step_without_a_loop_still_fail_the_step()
    {
        await _h.RunAsync(Yaml(Bash("NoLoop", "echo {{ loop.value }}")));

        _h.Step("build", "NoLoop").FailureMessage.Should().Be("'{{ loop.value }}': loop variables can only be used in the inputs of a step that has a loop");
        _h.Step("build", "NoLoop").Loop.Should().BeNull();
    }

    [Test]
    public async Task Report_inputs_are_written_once_with_loop_references_as_written()
    {
        await _h.RunAsync(Yaml(Bash("Loop", "echo {{ loop.value }} {{ Greeting }}", "loop: {forEach: [a, b, c]}"), "parameters:\n  - Greeting:\n      type: string\n      default: hi"));

        _h.Step("build", "Loop").Inputs.Should().Be("""[{"commands":["echo {{ loop.value }} hi\n"]}]""");
    }

    [Test]
    public async Task Loop_bounds_lists_and_delimiters_may_come_from_parameters()
    {
        const string parameters = """
            parameters:
              - First:
                  type: string
                  default: "2"
              - Last:
                  type: string
                  default: "4"
              - Names:
                  type: string
                  default: "p;q"
              - Separator:
                  type: string
                  default: ";"
            """;
        var yaml = Yaml(
            Bash("Range", "echo {{ loop.value }}", "loop: {for: {start: \"{{ First }}\", end: \"{{ Last }}\", updateBy: 1}}")
            + Bash("Split", "echo {{ loop.value }}", "loop: {forEach: {list: \"{{ Names }}\", delimiter: \"{{ Separator }}\"}}")
            + Bash("List", "echo {{ loop.value }}", "loop: {forEach: [\"{{ First }}\", \"{{ Last }}\"]}"),
            parameters);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Range").Outputs.Should().Be("""[{"stdout":"2\n3\n4"}]""");
        _h.Step("build", "Split").Outputs.Should().Be("""[{"stdout":"p\nq"}]""");
        _h.Step("build", "List").Outputs.Should().Be("""[{"stdout":"2\n4"}]""");
    }

    [TestCase("ten", "1", "loop.for.end is 'ten'; it must be a whole number")]
    [TestCase("5", "0", "loop.for.updateBy is 0, so the loop would never end")]
    [TestCase("5", "-1", "loop.for counts down from 1 by -1, so it never reaches 5")]
    public async Task Bad_for_values_from_parameters_fail_the_step_clearly_without_running_it(string end, string by, string message)
    {
        var parameters = $"parameters:\n  - End:\n      type: string\n      default: \"{end}\"\n  - By:\n      type: string\n      default: \"{by}\"";
        var marker = Path.Combine(_h.Root, "ran");
        await _h.RunAsync(Yaml(Bash("Loop", $"touch '{marker}'", "onFailure: Continue\nloop: {for: {start: 1, end: \"{{ End }}\", updateBy: \"{{ By }}\"}}"), parameters));

        _h.Step("build", "Loop").FailureMessage.Should().Be(message);
        _h.Observer.Finished.Single().Attempts.Should().Be(0);
        File.Exists(marker).Should().BeFalse();
    }

    [Test]
    public async Task An_empty_delimited_list_runs_no_iteration_and_succeeds()
    {
        var marker = Path.Combine(_h.Root, "ran");
        var result = await _h.RunAsync(Yaml(Bash("Loop", $"touch '{marker}'", "loop: {forEach: {list: \",,\"}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        File.Exists(marker).Should().BeFalse();
        _h.Step("build", "Loop").Outputs.Should().Be("[]");
        Loop().Should().Contain("\"iterationCount\":0");
    }

    [Test]
    public async Task Later_steps_chain_the_consolidated_stdout()
    {
        var yaml = Yaml(
            Bash("Loop", "echo item-{{ loop.value }}", "loop: {forEach: [a, b]}")
            + Bash("After", "x='{{ build.Loop.outputs.stdout }}'\nprintf '%s' \"$x\" | tr '\\n' '|'"));

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        _h.Step("build", "After").Outputs.Should().Be("""[{"stdout":"item-a|item-b"}]""");
    }

    [Test]
    public async Task The_first_failing_iteration_stops_the_loop_and_is_named_in_the_failure_message()
    {
        var trace = Path.Combine(_h.Root, "trace");
        var script = $"echo {{{{ loop.value }}}} >> '{trace}'\necho out-{{{{ loop.value }}}}\n[ {{{{ loop.value }}}} != bad ] || exit 4";

        var result = await _h.RunAsync(Yaml(Bash("Loop", script, "loop: {forEach: [ok, bad, never]}")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        var step = _h.Step("build", "Loop");
        step.FailureMessage.Should().Be("loop iteration 1 (of 3, counting from 0) failed: ExecuteBash failed with exit code 4");
        File.ReadAllLines(trace).Should().Equal("ok", "bad");
        step.Outputs.Should().Be("""[{"stdout":"out-ok"}]""", "only successful iterations are consolidated");
        Loop().Should().EndWith("\"iterationCount\":3,\"succeededIterationCount\":1,\"failedIterationIndex\":1}");
    }

    [Test]
    public async Task OnFailure_Ignore_applies_to_the_whole_loop()
    {
        var result = await _h.RunAsync(Yaml(Bash("Loop", "exit 1", "onFailure: Ignore\nloop: {forEach: [a, b]}") + Bash("Next", "echo next")));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Loop").Status.Should().Be(Statuses.Ignored);
        _h.Step("build", "Loop").FailureMessage.Should().StartWith("loop iteration 0 (of 2");
        _h.Step("build", "Next").Outputs.Should().Be("""[{"stdout":"next"}]""");
    }

    [Test]
    public async Task A_retry_reruns_every_iteration_from_the_first()
    {
        var trace = Path.Combine(_h.Root, "trace");
        var failedOnce = Path.Combine(_h.Root, "failed-once");
        var script = $$$"""
            echo {{ loop.index }} >> '{{{trace}}}'
            echo {{ loop.index }}
            if [ {{ loop.index }} = 1 ] && [ ! -e '{{{failedOnce}}}' ]; then touch '{{{failedOnce}}}'; exit 1; fi
            """;

        var result = await _h.RunAsync(Yaml(Bash("Loop", script, "maxAttempts: 2\nloop: {for: {start: 10, end: 12, updateBy: 1}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        File.ReadAllLines(trace).Should().Equal("0", "1", "0", "1", "2");
        _h.Observer.Retries.Single().FailureMessage.Should().StartWith("loop iteration 1 (of 3");
        _h.Step("build", "Loop").Outputs.Should().Be("""[{"stdout":"0\n1\n2"}]""", "outputs are those of the last attempt only");
        Loop().Should().EndWith("\"succeededIterationCount\":3,\"failedIterationIndex\":null}");
    }

    [Test]
    public async Task TimeoutSeconds_covers_all_iterations_together()
    {
        // Each iteration alone is well inside the timeout; three together are not.
        var trace = Path.Combine(_h.Root, "trace");
        var watch = Stopwatch.StartNew();

        var result = await _h.RunAsync(Yaml(Bash("Loop", $"echo {{{{ loop.index }}}} >> '{trace}'\nsleep 0.8", "timeoutSeconds: 2\nloop: {forEach: [a, b, c, d]}")));

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3.2));
        result.Summary.Status.Should().Be(Statuses.TimedOut);
        _h.Step("build", "Loop").FailureMessage.Should().Be("the loop timed out after 2 seconds, in iteration 2 (of 4, counting from 0)");
        File.ReadAllLines(trace).Should().Equal("0", "1", "2");
    }

    [Test]
    public async Task An_interruption_stops_the_loop_without_a_retry()
    {
        var trace = Path.Combine(_h.Root, "trace");
        using var cancel = new CancellationTokenSource();
        _h.Observer.OnStepStarted = _ => cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        var result = await _h.RunAsync(Yaml(Bash("Loop", $"echo {{{{ loop.index }}}} >> '{trace}'\nsleep 0.2", "maxAttempts: 3\nloop: {for: {start: 1, end: 100, updateBy: 1}}")), cancellationToken: cancel.Token);

        result.Interrupted.Should().BeTrue();
        _h.Step("build", "Loop").FailureMessage.Should().Be("interrupted by SIGINT/SIGTERM");
        File.ReadAllLines(trace).Length.Should().BeInRange(1, 10);
        _h.Observer.Retries.Should().BeEmpty();
    }

    [Test]
    public async Task Two_thousand_iterations_finish_with_a_small_detailedoutput()
    {
        var result = await _h.RunAsync(Yaml(Bash("Loop", "true", "loop: {for: {start: 1, end: 2000, updateBy: 1}}")));

        result.Summary.Status.Should().Be(Statuses.Success);
        Loop().Should().Contain("\"iterationCount\":2000,\"succeededIterationCount\":2000");
        // What grows with the iteration count is only the consolidated stdout: 1,999 "\n" joining 2,000 empty outputs.
        _h.Step("build", "Loop").Outputs.Should().Be("[{\"stdout\":\"" + string.Concat(Enumerable.Repeat("\\n", 1999)) + "\"}]");
        new FileInfo(Path.Combine(_h.Folder, RunFolder.DetailedOutputFile)).Length.Should().BeLessThan(16 * 1024);
        new FileInfo(Path.Combine(_h.Folder, RunFolder.ChainingFile)).Length.Should().BeLessThan(4096);
    }
    [Test]
    public async Task Ten_thousand_items_with_long_inputs_keep_detailedoutput_small()
    {
        // An in-memory module, so the test measures the engine and not 10,000 bash start-ups.
        var echo = new EchoModule();
        _h.Registry = new ActionRegistry([echo]);
        var list = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"item{i}"));
        var longInput = new string('x', 1000);
        var yaml = Yaml($$$"""
                  - name: Loop
                    action: Echo
                    loop:
                      forEach:
                        list: "{{{list}}}"
                    inputs:
                      text: "{{ loop.index }}"
                      value: "{{ loop.value }}"
                      padding: "{{{longInput}}}"

            """);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        echo.Calls.Should().Be(10_000);
        echo.Last.Should().Be("9999 item9999");
        Loop().Should().Contain("\"iterationCount\":10000,\"succeededIterationCount\":10000");
        _h.Step("build", "Loop").Inputs.Should().Be("[{\"text\":\"{{ loop.index }}\",\"value\":\"{{ loop.value }}\",\"padding\":\"" + longInput + "\"}]");

        // The consolidated stdout (about 10 bytes per iteration) is what grows; the inputs (1 KB) are stored once.
        new FileInfo(Path.Combine(_h.Folder, RunFolder.DetailedOutputFile)).Length.Should().BeLessThan(250 * 1024);
    }

    [Test]
    public async Task The_consolidated_output_keeps_whole_values_up_to_one_MiB()
    {
        _h.Registry = new ActionRegistry([new EchoModule()]);
        var extra = new string('x', 999);
        var yaml = Yaml($$$"""
                  - name: Loop
                    action: Echo
                    loop:
                      for: {start: 1000, end: 3999, updateBy: 1}
                    inputs:
                      text: "{{ loop.index }}"
                      value: "{{ loop.value }}"
                      extra: "{{{extra}}}"

            """);

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success, result.Summary.FailureMessage);
        var stdout = (string)JsonNode.Parse(_h.Step("build", "Loop").Outputs)![0]!["stdout"]!;

        // About 1 KB per value: the first ~1,000 whole values, in order, and not one more than fits.
        var values = stdout.Split('\n');
        values.Should().Equal(Enumerable.Range(0, values.Length).Select(i => $"{i} {1000 + i}{extra}"));
        values.Length.Should().BeInRange(1000, 1100);
        stdout.Length.Should().BeLessThanOrEqualTo(LoopRun.ConsolidatedLimit);
        (stdout.Length + 1 + $"{values.Length} {1000 + values.Length}{extra}".Length).Should().BeGreaterThan(LoopRun.ConsolidatedLimit);
        Loop().Should().Contain("\"succeededIterationCount\":3000");
        _h.ReadLog(RunFolder.ApplicationLogFile).Should().Contain("the consolidated 'stdout' output of the loop reached 1048576 characters");
        new FileInfo(Path.Combine(_h.Folder, RunFolder.DetailedOutputFile)).Length.Should().BeLessThan(1100 * 1024);
    }

    [Test]
    public void A_for_range_with_more_iterations_than_an_int_holds_is_refused()
    {
        var errors = new List<string>();
        var loop = LoopExpansion.Create(Mapping("for: {start: 0, end: 3000000000, updateBy: 1}"), (text, _) => text, errors);

        loop.Should().BeNull();
        errors.Should().Equal($"loop.for from 0 to 3000000000 by 1 has 3000000001 iterations; at most {int.MaxValue} are supported");
    }

    [Test]
    public void For_values_at_the_ends_of_the_long_range_do_not_overflow()
    {
        var errors = new List<string>();
        var loop = LoopExpansion.Create(Mapping($"for: {{start: {long.MaxValue}, end: {long.MinValue}, updateBy: {long.MinValue}}}"), (text, _) => text, errors);

        errors.Should().BeEmpty();
        loop!.Count.Should().Be(2);
        loop.ValueAt(1).Should().Be("-1");
    }

    private YNode Mapping(string yaml)
    {
        var document = _h.Document(Yaml($"      - name: Loop\n        action: ExecuteBash\n        loop: {{{yaml}}}\n        inputs:\n          commands: [x]\n"));
        return document.Phases[0].Steps[0].Loop!;
    }

    private sealed class EchoModule : IActionModule
    {
        public string Name => "Echo";

        public int Calls { get; private set; }

        public string? Last { get; private set; }

        public Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
        {
            Calls++;
            var inputs = (JsonObject)context.Inputs!;
            Last = $"{inputs["text"]} {inputs["value"]}";
            return Task.FromResult(ActionResult.Succeeded(new JsonObject { ["stdout"] = Last + inputs["extra"] }));
        }
    }
}

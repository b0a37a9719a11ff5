using Toe.Tests.Support;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Toe.Engine;
using Toe.Logging;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

[TestFixture]
public sealed partial class ReportAndLogTests : EngineTestBase
{
    [Test]
    public async Task Detailed_output_matches_the_golden_file()
    {
        var yaml = """
            name: golden
            description: Golden file for detailedoutput.json
            schemaVersion: 1.0
            parameters:
              - Greeting:
                  type: string
                  default: Hello
            phases:
              - name: build
                steps:
                  - name: Greet
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo "{{ Greeting }} World!"
                  - name: Echo
                    action: ExecuteBinary
                    timeoutSeconds: 60
                    inputs:
                      path: /bin/echo
                      arguments:
                        - '{{ build.Greet.outputs.stdout }}'
                  - name: Tolerated
                    action: ExecuteBash
                    onFailure: Ignore
                    maxAttempts: 2
                    inputs:
                      commands:
                        - echo "tolerated" >&2
                        - exit 1
              - name: validate
                steps:
                  - name: Check
                    action: ExecuteBash
                    timeoutSeconds: -1
                    inputs:
                      commands:
                        - '[ "{{ build.Echo.outputs.stdout }}" = "Hello World!" ]'
              - name: test
                steps:
                  - name: NotRequested
                    action: ExecuteBash
                    inputs:
                      commands: ['exit 1']
            """;

        var result = await _h.RunAsync(yaml, r => r with { ExecutionId = "11111111-2222-3333-4444-555555555555", Phases = ["build", "validate"] });

        result.ExitCode.Should().Be(0);
        var json = _h.ReadLog(RunFolder.DetailedOutputFile);
        Golden.Match("engine/detailedoutput.json", Normalise(json));
        Golden.Match("engine/summary.json", result.Summary.ToJson() + "\n");
    }

    [Test]
    public async Task Log_folder_is_named_TOE_utc_time_and_execution_id_and_holds_the_log_files()
    {
        _h.Clock = new FixedClock(new DateTimeOffset(2021, 7, 1, 5, 34, 56, TimeSpan.FromHours(-7)));

        var result = await _h.RunAsync(Yaml(Bash("Hello", "echo hi")), r => r with { ExecutionId = "a1bcd2e3-45f6-789a-bcde-0fa1b2c3def4" });

        Path.GetFileName(result.LogFolder).Should().Be("TOE_2021-07-01_12-34-56_UTC-0_a1bcd2e3-45f6-789a-bcde-0fa1b2c3def4");
        Path.GetDirectoryName(result.LogFolder).Should().Be(_h.LogDirectory);
        Directory.GetFiles(result.LogFolder!).Select(Path.GetFileName).Should().BeEquivalentTo(
            "document.yaml", "console.log", "application.log", "detailedoutput.json", "chaining.json");
        _h.ReadDetailedOutput().StartTime.Should().Be("2021-07-01T05:34:56-07:00");
    }

    [Test]
    public async Task Log_folder_name_with_the_real_clock_follows_the_pattern()
    {
        var result = await _h.RunAsync(Yaml(Bash("Hello", "true")), r => r with { ExecutionId = "run-42" });

        Path.GetFileName(result.LogFolder).Should().MatchRegex(@"^TOE_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_UTC-0_run-42$");
        _h.ReadDetailedOutput().StartTime.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$");
    }

    [Test]
    public async Task An_unusable_log_directory_gives_a_clean_failure()
    {
        // A folder under a regular file cannot be created, even by root.
        var file = Path.Combine(_h.Root, "a-file");
        File.WriteAllText(file, "not a folder");

        var engine = new Toe.Engine.Engine(_h.Registry);
        var result = await engine.RunAsync(new RunRequest
        {
            Documents = [new DocumentRequest(_h.Document(Yaml(Bash("Hello", "echo hi"))))],
            LogDirectory = Path.Combine(file, "logs"),
            ExecutionId = "cannot-log",
        });

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.ExitCode.Should().Be(1);
        result.LogFolder.Should().BeNull();
        result.DetailedOutput.Should().BeNull();
        result.Summary.ExecutedStepCount.Should().Be(0);
        result.Summary.FailureMessage.Should().StartWith($"cannot create the log folder in '{Path.Combine(file, "logs")}': ");
        result.Summary.FailureMessage.Should().NotContain("   at ", "no stack trace");
        result.Summary.ToJson().Should().Contain("\"status\":\"failed\"");
    }

    [Test]
    public async Task An_execution_id_that_cannot_be_a_folder_name_gives_a_clean_failure()
    {
        var result = await _h.RunAsync(Yaml(Bash("Hello", "true")), r => r with { ExecutionId = "../escape" });

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.Summary.FailureMessage.Should().Contain("cannot be used in a folder name");
        Directory.Exists(_h.LogDirectory).Should().BeFalse();
    }

    [Test]
    public async Task Several_documents_are_copied_as_document_yaml_then_document_2_yaml()
    {
        var first = _h.Document(Yaml(Bash("One", "echo one")), "first.yaml");
        var second = _h.Document(Yaml(Bash("Two", "echo two")), "second.yaml");
        var third = _h.Document(Yaml(Bash("Three", "echo three")), "third.yaml");

        var result = await _h.RunAsync([new DocumentRequest(first), new DocumentRequest(second), new DocumentRequest(third)]);

        result.Summary.ExecutedStepCount.Should().Be(3);
        _h.ReadLog("document.yaml").Should().Be(first.Text);
        _h.ReadLog("document-2.yaml").Should().Be(second.Text);
        _h.ReadLog("document-3.yaml").Should().Be(third.Text);
        _h.ReadDetailedOutput().Documents.Select(d => Path.GetFileName(d.FilePath)).Should().Equal("first.yaml", "second.yaml", "third.yaml");
        _h.ReadLog("console.log").Should().Be("one\ntwo\nthree\n");
    }

    [Test]
    public async Task Phases_run_in_document_order_filtered_by_the_request()
    {
        var yaml = """
            name: phases
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: B
                    action: ExecuteBash
                    inputs:
                      commands: ['echo build']
              - name: validate
                steps:
                  - name: V
                    action: ExecuteBash
                    inputs:
                      commands: ['echo validate']
              - name: test
                steps:
                  - name: T
                    action: ExecuteBash
                    inputs:
                      commands: ['echo test']
            """;

        await _h.RunAsync(yaml, r => r with { Phases = ["test", "build", "nosuchphase"] });

        _h.ReadLog("console.log").Should().Be("build\ntest\n");
        _h.ReadDetailedOutput().Documents[0].Phases.Select(p => p.Name).Should().Equal("build", "test");
    }

    [Test]
    public async Task Secrets_are_masked_in_every_log_sink()
    {
        const string secret = "s3cr3t-Value";
        _h.Masker.AddValue(secret);

        await _h.RunAsync(Yaml(
            Bash("Leaky", $"echo 'token={secret}'\necho 'err {secret}' >&2\nexit 3", "onFailure: Continue")
            + Bash("Chained", "echo '{{ build.Leaky.outputs.stdout }}'")));

        foreach (var file in new[] { "console.log", "application.log", "detailedoutput.json", "chaining.json", "document.yaml" })
        {
            _h.ReadLog(file).Should().NotContain(secret, $"{file} must not show the secret").And.Contain("***", file);
        }

        _h.Step("build", "Chained").Outputs.Should().Be("""[{"stdout":"token=***"}]""");
        _h.Observer.Finished[0].StderrTail.Should().Equal("err ***");
        _h.Observer.Finished[0].FailureMessage.Should().NotContain(secret);
    }

    [Test]
    public void Summary_json_is_compact_with_the_documented_keys_in_order()
    {
        var summary = new RunSummary
        {
            ExecutionId = "id",
            Status = Statuses.Failed,
            ExecutedStepCount = 3,
            FailedStepCount = 1,
            IgnoredFailedStepCount = 1,
            SkippedStepCount = 0,
            FailureMessage = "why \"quoted\"",
        };

        summary.ToJson().Should().Be("""{"executedStepCount":3,"executionId":"id","failedStepCount":1,"failureMessage":"why \"quoted\"","ignoredFailedStepCount":1,"logUrl":"","skippedStepCount":0,"status":"failed"}""");
        ReportJson.DeserializeRunSummary(summary.ToJson()).Should().Be(summary);
    }

    [Test]
    public async Task Console_log_is_flushed_while_a_step_is_still_running()
    {
        string? seen = null;
        var ready = Path.Combine(_h.Root, "ready");
        _h.Observer.OnStepStarted = e => _ = Task.Run(async () =>
        {
            for (var i = 0; i < 100 && seen is null; i++)
            {
                await Task.Delay(50);
                var folder = Directory.Exists(_h.LogDirectory) ? Directory.GetDirectories(_h.LogDirectory).SingleOrDefault() : null;
                var log = folder is null ? null : Path.Combine(folder, "console.log");
                if (log is not null && File.Exists(ready))
                {
                    var text = File.ReadAllText(log);
                    if (text.Contains("early line", StringComparison.Ordinal))
                    {
                        seen = text;
                    }
                }
            }
        });

        await _h.RunAsync(Yaml(Bash("Slow", $"echo 'early line'\ntouch '{ready}'\nsleep 2\necho 'late line'")));

        seen.Should().NotBeNull("console.log should show the first line before the step ends")
            .And.NotContain("late line");
    }

    [Test]
    public void Os_release_values_are_read_with_or_without_quotes()
    {
        var values = SystemHostEnvironment.ParseOsRelease("NAME=\"Amazon Linux\"\nVERSION_ID='2023'\nID=amzn\n# comment\n");

        values["NAME"].Should().Be("Amazon Linux");
        values["VERSION_ID"].Should().Be("2023");
        values["ID"].Should().Be("amzn");
    }

    private string Normalise(string json)
    {
        json = json.Replace(_h.Root, "<root>", StringComparison.Ordinal);
        return TimestampPattern().Replace(json, "<time>");
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)")]
    private static partial Regex TimestampPattern();
}

using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary><c>toe run</c> end to end, against the real binary, with real bash.</summary>
[Parallelizable(ParallelScope.All)]
public class RunCliTests
{
    [Test]
    public void Hello_world_runs_the_chosen_phases_and_leaves_awstoe_log_folder()
    {
        using var temp = new TempFolder();
        var hello = Path.Combine(RepoPaths.Components, "hello-world-linux.yml");

        var result = ToeProcess.Run("run", "--documents", hello, "--phases", "build,test", "-l", temp.Path, "-i", "e2e-hello");

        result.ExitCode.Should().Be(0, result.Stderr);
        using var summary = JsonDocument.Parse(result.Stdout);
        summary.RootElement.GetProperty("executionId").GetString().Should().Be("e2e-hello");
        summary.RootElement.GetProperty("status").GetString().Should().Be("success");
        summary.RootElement.GetProperty("executedStepCount").GetInt32().Should().Be(2);
        summary.RootElement.GetProperty("failedStepCount").GetInt32().Should().Be(0);

        var folder = Directory.GetDirectories(temp.Path).Should().ContainSingle().Subject;
        Path.GetFileName(folder).Should().MatchRegex(@"^TOE_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_UTC-0_e2e-hello$");
        foreach (var file in new[] { "document.yaml", "detailedoutput.json", "console.log", "application.log" })
        {
            File.Exists(Path.Combine(folder, file)).Should().BeTrue($"{file} should be in the log folder");
        }

        var console = File.ReadAllText(Path.Combine(folder, "console.log"));
        console.Should().Contain("Hello World! Build phase.").And.Contain("Hello World! Test phase.").And.NotContain("Validate phase");
        using var detailed = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "detailedoutput.json")));
        detailed.RootElement.GetProperty("status").GetString().Should().Be("success");
        result.Stderr.Should().Contain("build/HelloWorldStep").And.Contain("test/HelloWorldStep");
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Started_with_SIGCHLD_ignored_toe_still_gets_each_steps_exit_code()
    {
        using var temp = new TempFolder();
        var document = temp.Write("exit-codes.yml", """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Fine
                    action: ExecuteBash
                    inputs:
                      commands: ['echo fine']
                  - name: ExitsThree
                    action: ExecuteBash
                    onFailure: Continue
                    inputs:
                      commands: ['exit 3']
                  - name: Binary
                    action: ExecuteBinary
                    inputs:
                      path: /bin/sh
                      arguments: ['-c', 'exit 0']
            """);

        // A parent that ignores SIGCHLD passes that on through exec (the kernel would then reap Toe's children itself).
        var result = ToeProcess.RunAfter("trap '' CHLD", "run", "-d", document, "-l", temp.Combine("logs"));

        using var summary = JsonDocument.Parse(result.Stdout);
        summary.RootElement.GetProperty("failedStepCount").GetInt32().Should().Be(1, result.Stderr);
        summary.RootElement.GetProperty("executedStepCount").GetInt32().Should().Be(3);
        result.Stderr.Should().Contain("ExecuteBash failed with exit code 3").And.NotContain("exit code -1");
    }

    [Test]
    public void The_failure_handling_sample_succeeds_with_one_ignored_failure()
    {
        using var temp = new TempFolder();
        var sample = Path.Combine(RepoPaths.Components, "failure-handling.yml");

        var result = ToeProcess.Run("run", "-d", sample, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        using var summary = JsonDocument.Parse(result.Stdout);
        summary.RootElement.GetProperty("ignoredFailedStepCount").GetInt32().Should().Be(1);
        summary.RootElement.GetProperty("executedStepCount").GetInt32().Should().Be(3);
        result.Stderr.Should().Contain("retry").And.Contain("ignored").And.Contain("timed out");
    }

    [Test]
    public void Parameters_constants_and_chaining_sample_uses_the_given_parameter()
    {
        using var temp = new TempFolder();
        var sample = Path.Combine(RepoPaths.Components, "parameters-and-chaining.yml");

        var result = ToeProcess.Run("run", "-d", sample, "-l", temp.Path, "--parameters", "Greeting=Howdy");

        result.ExitCode.Should().Be(0, result.Stderr);
        var console = File.ReadAllText(Directory.GetFiles(temp.Path, "console.log", SearchOption.AllDirectories).Single());
        console.Should().Contain("The previous step said: Howdy, image builders!");
        console.Should().MatchRegex(@"(?m)^\s*3\s*$", "the third step counts three words");
    }

    [Test]
    public void A_failing_step_fails_the_run_with_exit_code_1_and_shows_its_stderr()
    {
        using var temp = new TempFolder();
        var doc = temp.Write("fail.yml", """
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Breaks
                    action: ExecuteBash
                    inputs:
                      commands:
                        - echo "something went wrong" >&2
                        - exit 3
                  - name: NeverRuns
                    action: ExecuteBash
                    inputs:
                      commands: [ "echo never" ]
            """);

        var result = ToeProcess.Run("run", "-d", doc, "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        using var summary = JsonDocument.Parse(result.Stdout);
        summary.RootElement.GetProperty("status").GetString().Should().Be("failed");
        summary.RootElement.GetProperty("failedStepCount").GetInt32().Should().Be(1);
        summary.RootElement.GetProperty("failureMessage").GetString().Should().Contain("Breaks");
        result.Stderr.Should().Contain("FAILED").And.Contain("build/Breaks").And.Contain("exit code 3").And.Contain("something went wrong");
        result.Stderr.Should().NotContain("NeverRuns");
    }

    [Test]
    public void An_invalid_document_runs_nothing()
    {
        using var temp = new TempFolder();
        var marker = temp.Combine("ran");
        var doc = temp.Write("bad.yml", $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: WouldRun
                    action: ExecuteBash
                    inputs:
                      commands: [ "touch {marker}" ]
                  - name: Broken
                    action: ExecuteBash
                    maxAttempts: zero
                    inputs:
                      commands: [ "true" ]
            """);

        var result = ToeProcess.Run("run", "-d", doc, "-l", temp.Path);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().MatchRegex(@"bad\.yml:11:\d+: error TOE\d{4}: ");
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("status").GetString().Should().Be("failed");
        File.Exists(marker).Should().BeFalse("no step may run when a document is invalid");
        Directory.GetDirectories(temp.Path).Should().BeEmpty();
    }

    [Test]
    public void A_config_file_runs_its_documents_with_their_parameters()
    {
        using var temp = new TempFolder();
        temp.Write("doc.yml", """
            schemaVersion: 1.0
            parameters:
              - Day:
                  type: string
              - Project:
                  type: string
                  default: none
            phases:
              - name: build
                steps:
                  - name: Say
                    action: ExecuteBash
                    inputs:
                      commands: [ 'echo "{{ Project }} on {{ Day }}"' ]
            """);
        var config = temp.Write("run.json", """
            { "documents": [ { "path": "doc.yml", "parameters": [ { "name": "Day", "value": "Monday" } ] } ],
              "parameters": [ { "name": "Project", "value": "examples" } ],
              "executionId": "from-config" }
            """);

        var result = ToeProcess.Run("run", "--config", config, "-l", temp.Path);

        result.ExitCode.Should().Be(0, result.Stderr);
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("executionId").GetString().Should().Be("from-config");
        var console = File.ReadAllText(Directory.GetFiles(temp.Path, "console.log", SearchOption.AllDirectories).Single());
        console.Should().Contain("examples on Monday");
    }

    [Test]
    public void Config_with_documents_flag_is_refused()
    {
        var result = ToeProcess.Run("run", "-c", "x.json", "-d", "y.yml");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("either --config or --documents");
    }

    [Test]
    public void A_CloudWatch_stream_without_a_group_is_refused_before_anything_runs()
    {
        var hello = Path.Combine(RepoPaths.Components, "hello-world-linux.yml");
        var result = ToeProcess.Run("run", "-d", hello, "--cw-log-stream", "my-stream");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("--cw-log-stream and --cw-log-region need --cw-log-group");
    }

    [Test]
    public void An_unusable_log_directory_is_one_clear_error()
    {
        using var temp = new TempFolder();
        var file = temp.Write("a-file", "not a folder");
        var hello = Path.Combine(RepoPaths.Components, "hello-world-linux.yml");

        var result = ToeProcess.Run("run", "-d", hello, "-l", Path.Combine(file, "logs"));

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("cannot create the log folder");
        (result.Stdout + result.Stderr).Should().NotContain("   at ");
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("status").GetString().Should().Be("failed");
    }

    [Test]
    public void A_full_disk_still_gives_the_summary_and_leaves_nothing_half_written()
    {
        // Found in review: a full log disk used to lose the summary (an internal error instead).
        using var temp = new TempFolder();
        var disk = temp.Combine("tiny");
        Directory.CreateDirectory(disk);
        var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", disk])!;
        mount.WaitForExit();
        if (mount.ExitCode != 0)
        {
            Assert.Ignore("needs root and permission to mount a 256 KB tmpfs to fill a disk for real");
        }

        try
        {
            var doc = temp.Write("flood.yml", """
                schemaVersion: 1.0
                phases:
                  - name: build
                    steps:
                      - name: Flood
                        action: ExecuteBash
                        inputs:
                          commands:
                            - head -c 2000000 /dev/zero | tr '\0' x | fold -w 100
                """);

            var result = ToeProcess.Run("run", "-d", doc, "-l", disk);

            result.ExitCode.Should().Be(1);
            (result.Stdout + result.Stderr).Should().NotContain("internal error").And.NotContain("   at ");
            using var summary = JsonDocument.Parse(result.Stdout);
            summary.RootElement.GetProperty("status").GetString().Should().Be("failed");
            summary.RootElement.GetProperty("failureMessage").GetString().Should().Contain("console.log is incomplete");
            Directory.GetFiles(disk, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty("nothing half-written may stay behind");
        }
        finally
        {
            Process.Start("umount", [disk])!.WaitForExit();
        }
    }

    [TestCase("INT", 130, "SIGINT")]
    [TestCase("TERM", 143, "SIGTERM")]
    public void A_signal_ends_the_step_and_its_children_and_still_writes_the_report(string signal, int exitCode, string name)
    {
        using var temp = new TempFolder();
        var started = temp.Combine("started");
        var marker = $"toe-signal-test-{Guid.NewGuid():N}";
        var doc = temp.Write("slow.yml", $"""
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Slow
                    action: ExecuteBash
                    inputs:
                      commands:
                        - bash -c 'exec -a {marker} sleep 300' &
                        - touch {started}
                        - sleep 300
            """);

        using var process = Process.Start(ToeProcess.StartInfo(["run", "-d", doc, "-l", temp.Path]))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(started) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        File.Exists(started).Should().BeTrue("the step should have started");
        Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        process.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue("toe must end soon after a signal");

        process.ExitCode.Should().Be(exitCode, stderr.Result);
        var detailed = File.ReadAllText(Directory.GetFiles(temp.Path, "detailedoutput.json", SearchOption.AllDirectories).Single());
        using var json = JsonDocument.Parse(detailed);
        json.RootElement.GetProperty("status").GetString().Should().Be("failed");
        var step = json.RootElement.GetProperty("documents")[0].GetProperty("phases")[0].GetProperty("steps")[0];
        step.GetProperty("status").GetString().Should().Be("failed");
        step.GetProperty("failureMessage").GetString().Should().Contain(name);
        JsonDocument.Parse(stdout.Result).RootElement.GetProperty("status").GetString().Should().Be("failed");
        Thread.Sleep(200);
        var leftovers = Process.Start(new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true })!;
        leftovers.StandardOutput.ReadToEnd().Should().BeEmpty("the step's background children must be ended too");
    }
}

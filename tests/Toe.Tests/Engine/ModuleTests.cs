using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Actions;
using Toe.Engine;
using Toe.Reports;
using static Toe.Tests.EngineTests.EngineHarness;

namespace Toe.Tests.EngineTests;

[TestFixture]
public sealed class ModuleTests : EngineTestBase
{
    [Test]
    public async Task ExecuteBinary_passes_arguments_as_given_without_a_shell()
    {
        var yaml = """
            name: binary
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Args
                    action: ExecuteBinary
                    inputs:
                      path: printf
                      arguments:
                        - '[%s]\n'
                        - 'two words'
                        - 'say "hi"'
                        - "it's"
                        - ''
                        - '$HOME; echo injected'
                        - 'back\slash'
                        - '*'
                        - 42
            """;

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        var stdout = string.Join('\n', "[two words]", "[say \"hi\"]", "[it's]", "[]", "[$HOME; echo injected]", "[back\\slash]", "[*]", "[42]");
        _h.ReadLog("console.log").Should().Be(stdout + "\n");
        _h.Step("build", "Args").Outputs.Should().Be(new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["stdout"] = stdout }).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Test]
    public async Task A_writer_into_a_closed_pipe_ends_by_SIGPIPE_as_under_a_shell()
    {
        if (!Toe.Processes.PosixSpawnRunner.IsSupported)
        {
            Assert.Ignore(".NET's Process (the runner where posix_spawn is not supported) leaves SIGPIPE ignored in its children");
        }

        var yaml = """
            name: sigpipe
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Pipeline
                    action: ExecuteBash
                    inputs:
                      commands:
                        - yes | head -n 2
                        - 'echo "yes ended with ${PIPESTATUS[0]}"'
            """;

        var result = await _h.RunAsync(yaml);

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.ReadLog("console.log").Should().Be("y\ny\nyes ended with 141\n", "killed by SIGPIPE (128 + 13), not 'yes: standard output: Broken pipe' and 1");
    }

    [Test]
    public async Task ExecuteBinary_exit_codes_and_missing_programs_fail_clearly()
    {
        var yaml = """
            name: binary
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: ExitsThree
                    action: ExecuteBinary
                    onFailure: Continue
                    inputs:
                      path: /bin/sh
                      arguments: ['-c', 'echo oops >&2; exit 3']
                  - name: Missing
                    action: ExecuteBinary
                    onFailure: Continue
                    inputs:
                      path: /no/such/program
                  - name: NotOnPath
                    action: ExecuteBinary
                    onFailure: Continue
                    inputs:
                      path: no-such-program-on-path
                  - name: NoPath
                    action: ExecuteBinary
                    onFailure: Continue
                    inputs:
                      arguments: ['x']
            """;

        await _h.RunAsync(yaml);

        _h.Step("build", "ExitsThree").FailureMessage.Should().Be("ExecuteBinary failed with exit code 3\nLast lines of stderr:\noops");
        _h.Step("build", "Missing").FailureMessage.Should().Be("ExecuteBinary: the file '/no/such/program' does not exist");
        _h.Step("build", "NotOnPath").FailureMessage.Should().Be("ExecuteBinary: 'no-such-program-on-path' was not found on PATH");
        _h.Step("build", "NoPath").FailureMessage.Should().Be("ExecuteBinary: input 'path' is required");
    }

    [Test]
    public async Task Stdout_output_drops_exactly_one_final_newline()
    {
        await _h.RunAsync(Yaml(
            Bash("One", "echo hello")
            + Bash("Two", "printf 'a\\n\\n'")
            + Bash("None", "printf 'no newline'")
            + Bash("Lines", "echo x; echo y")
            + Bash("Empty", "true")));

        _h.Step("build", "One").Outputs.Should().Be("""[{"stdout":"hello"}]""");
        _h.Step("build", "Two").Outputs.Should().Be("""[{"stdout":"a\n"}]""");
        _h.Step("build", "None").Outputs.Should().Be("""[{"stdout":"no newline"}]""");
        _h.Step("build", "Lines").Outputs.Should().Be("""[{"stdout":"x\ny"}]""");
        _h.Step("build", "Empty").Outputs.Should().Be("""[{"stdout":""}]""");
    }

    [Test]
    public async Task Fifty_megabytes_of_stdout_land_byte_complete_in_console_log_and_the_output_is_capped()
    {
        // About 52 MB: short lines, 49 MB of 301-byte lines (the last one cut short and running into the
        // next), one line over 3 MiB (handed on in 1 MiB pieces), and a last line without a newline.
        var generator = Path.Combine(_h.Root, "gen.sh");
        File.WriteAllText(generator, """
            i=0
            line=""
            while [ $i -lt 300 ]; do line="${line}$((i % 10))"; i=$((i + 1)); done
            for n in $(seq 100); do echo "short line $n"; done
            yes "$line" 2>/dev/null | head -c 49000000
            head -c 3145728 /dev/zero | tr '\0' 'z'
            printf '\nlast line without newline'
            """);
        var expected = Path.Combine(_h.Root, "expected.out");
        using (var p = Process.Start(new ProcessStartInfo("bash", [generator]) { RedirectStandardOutput = true })!)
        {
            await using var file = File.Create(expected);
            await p.StandardOutput.BaseStream.CopyToAsync(file);
            await p.WaitForExitAsync();
        }

        var result = await _h.RunAsync(Yaml(Bash("Big", $"bash '{generator}'")));

        result.Summary.Status.Should().Be(Statuses.Success);
        var consoleLog = Path.Combine(_h.Folder, "console.log");
        var expectedBytes = new FileInfo(expected).Length + 1; // the final unterminated line gets its newline
        new FileInfo(consoleLog).Length.Should().Be(expectedBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(expected));
        hash.AppendData("\n"u8);
        await using (var log = File.OpenRead(consoleLog))
        {
            (await SHA256.HashDataAsync(log)).Should().Equal(hash.GetHashAndReset());
        }

        var outputs = System.Text.Json.Nodes.JsonNode.Parse(_h.Step("build", "Big").Outputs)!;
        outputs[0]!["stdout"]!.GetValue<string>().Length.Should().Be(ExecuteBash.DefaultStdoutLimit);
        _h.ReadLog("application.log").Should().Contain("the 'stdout' output keeps only the first");
    }

    [Test]
    public async Task Exit_code_194_fails_the_step_when_the_run_has_no_reboot_settings()
    {
        // An engine without RebootSettings is --reboot-mode fail; the other modes are in RebootTests.
        var result = await _h.RunAsync(Yaml(Bash("Reboot", "exit 194")));

        result.Summary.Status.Should().Be(Statuses.Failed);
        result.Reboot.Should().BeNull();
        _h.Step("build", "Reboot").FailureMessage.Should().Be("ExecuteBash exited with code 194: the step asks for a reboot, and reboots are turned off (--reboot-mode fail)");
    }

    [Test]
    public async Task Every_documented_module_is_registered_and_unknown_actions_fail_clearly()
    {
        BuiltInActions.CreateRegistry().Names.Should().BeEquivalentTo(Toe.Validation.ActionModuleCatalog.Names);

        var yaml = """
            name: later
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
                  - name: Install
                    action: InstallMSI
                    onFailure: Continue
                    inputs:
                      path: /tmp/x.msi
                  - name: Unknown
                    action: NoSuchModule
                    onFailure: Continue
                    inputs: {}
            """;

        await _h.RunAsync(yaml);

        if (!OperatingSystem.IsWindows())
        {
            _h.Step("build", "Install").FailureMessage.Should().StartWith("InstallMSI is supported on Windows only");
        }

        _h.Step("build", "Install").Inputs.Should().Be("""[{"path":"/tmp/x.msi"}]""");
        _h.Step("build", "Unknown").FailureMessage.Should().Be("unknown action module 'NoSuchModule'");
    }

    [Test]
    public async Task Action_names_fall_back_to_ignoring_case()
    {
        var result = await _h.RunAsync(Yaml("      - name: Lower\n        action: executebash\n        inputs:\n          commands: ['echo lower']\n"));

        result.Summary.Status.Should().Be(Statuses.Success);
        _h.Step("build", "Lower").Action.Should().Be("executebash", "the report shows the action as written");
    }

    [Test]
    public async Task Missing_bash_fails_the_step_clearly()
    {
        _h.Registry = new ActionRegistry([new ExecuteBash(findBash: () => null)]);

        await _h.RunAsync(Yaml(Bash("NoBash", "true")));

        _h.Step("build", "NoBash").FailureMessage.Should().StartWith("ExecuteBash needs bash, but no executable 'bash' was found on PATH");
    }

    [Test]
    public async Task Commands_that_are_not_a_list_fail_the_step_clearly()
    {
        await _h.RunAsync(Yaml("      - name: Odd\n        action: ExecuteBash\n        inputs:\n          commands: echo hi\n"));

        _h.Step("build", "Odd").FailureMessage.Should().Be("ExecuteBash: input 'commands' must be a list of strings, not a string");
    }

    [Test]
    public async Task A_background_process_holding_stdout_does_not_hold_the_step()
    {
        var watch = Stopwatch.StartNew();
        var result = await _h.RunAsync(Yaml(Bash("Daemon", "sleep 5 &\necho started")));
        watch.Stop();

        result.Summary.Status.Should().Be(Statuses.Success);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        _h.Step("build", "Daemon").Outputs.Should().Be("""[{"stdout":"started"}]""");
        _h.ReadLog("application.log").Should().Contain("background processes still hold its stdout/stderr");
    }

    [Test]
    public async Task Observer_hears_failures_with_exit_code_and_stderr_tail()
    {
        await _h.RunAsync(Yaml(Bash("Noisy", "for i in $(seq 1 15); do echo \"err $i\" >&2; done\nexit 2")));

        var finished = _h.Observer.Finished.Single();
        finished.Status.Should().Be(Statuses.Failed);
        finished.ExitCode.Should().Be(2);
        finished.Attempts.Should().Be(1);
        finished.StderrTail.Should().Equal(Enumerable.Range(6, 10).Select(i => $"err {i}"));
        finished.FailureMessage.Should().StartWith("ExecuteBash failed with exit code 2\nLast lines of stderr:\nerr 6\n");
        _h.Observer.Started.Single().Action.Should().Be("ExecuteBash");
        _h.ReadLog("console.log").Should().Contain("Document: ").And.Contain("Step: Noisy\nAction: ExecuteBash\nErrorMessage: ExecuteBash failed with exit code 2\nStderr: err 6\n");
    }

    [Test]
    public async Task Script_file_is_written_to_the_step_folder_inside_the_log_folder()
    {
        await _h.RunAsync(Yaml(Bash("Hello", "echo hi")));

        var script = Path.Combine(_h.Folder, "steps", "1_build_Hello", "input.sh");
        File.ReadAllText(script, Encoding.UTF8).Should().Be("echo hi\n");
    }
}

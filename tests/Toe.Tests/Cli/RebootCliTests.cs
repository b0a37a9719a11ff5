using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reboot;
using Toe.Reports;
using Toe.Tests.Support;

namespace Toe.Tests.Cli;

/// <summary>Reboot and resume through the real binary: exit codes, the state command, and SIGKILL at many points.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RebootCliTests
{
    /// <summary>
    /// Reboots twice: Kernel exits 194 on its first run (runs again after the reboot), Restart is the Reboot
    /// module (the next step runs after it). Every step appends "start"/"end" lines to trace. Kernel writes its
    /// "end" line before its marker file, so a kill between the two makes it run once more, never once less.
    /// </summary>
    private static string TwoRebootDocument(string folder)
    {
        string Step(string name, string body) => $"""
                  - name: {name}
                    action: ExecuteBash
                    inputs:
                      commands:
                        - |
                          echo "{name} start" >> '{folder}/trace'
                          sleep 0.02
                          {body}
                          echo "{name} end" >> '{folder}/trace'

            """;

        return $"""
            name: two-reboots
            schemaVersion: 1.0
            phases:
              - name: build
                steps:
            {Step("StepA", "true")}{Step("Kernel", $"if [ ! -f '{folder}/kernel-done' ]; then echo 'Kernel end' >> '{folder}/trace'; touch '{folder}/kernel-done'; exit 194; fi")}{Step("StepB", "true")}      - name: Restart
                    action: Reboot
                    inputs:
                      delaySeconds: 0
            {Step("StepC", "true")}
            """;
    }

    [Test]
    public void Exit_mode_exits_194_until_the_run_is_done_and_each_rerun_resumes_where_it_stopped()
    {
        using var temp = new TempFolder();
        var document = temp.Write("doc.yml", TwoRebootDocument(temp.Path));
        string[] args = ["run", "--documents", document, "--state-directory", temp.Combine("state"), "--reboot-mode", "exit"];

        var codes = new List<int>();
        ToeProcess.Result run;
        do
        {
            run = ToeProcess.RunIn(temp.Path, args);
            codes.Add(run.ExitCode);
        }
        while (run.ExitCode == 194 && codes.Count < 5);

        codes.Should().Equal(194, 194, 0);
        run.Stdout.Should().Contain("\"status\":\"success\"").And.Contain("\"executedStepCount\":5");
        run.Stderr.Should().Contain("toe run: resuming run ").And.Contain("after reboot 2 (step 'Restart' of phase 'build': Reboot module)");
        File.ReadAllLines(temp.Combine("trace")).Should().Equal(
            "StepA start", "StepA end", "Kernel start", "Kernel end", "Kernel start", "Kernel end", "StepB start", "StepB end", "StepC start", "StepC end");
        Directory.GetDirectories(temp.Path, "TOE_*").Should().ContainSingle("a resumed run writes into the folder it started");
        File.Exists(Path.Combine(temp.Combine("state"), RunStateStore.FileName)).Should().BeFalse();
    }

    [Test]
    public void Sigkill_at_any_point_never_corrupts_the_state_and_a_rerun_finishes_the_run()
    {
        // One SIGKILL per scenario, at a growing delay into the first, second or third invocation of the
        // same command (the second and third are resumes). After the kill the command is run again until
        // it exits 0, as a machine that reboots and reruns it would. Documented semantics: a step runs
        // again only if toe was killed before its completion was saved, so with one kill every step ends
        // at most once more than without a kill, and the state file is always usable.
        var delays = new[] { 0, 60, 150, 300 };
        var scenarios = 0;
        foreach (var killedInvocation in new[] { 0, 1, 2 })
        {
            foreach (var delay in delays)
            {
                using var temp = new TempFolder();
                var document = temp.Write("doc.yml", TwoRebootDocument(temp.Path));
                string[] args = ["run", "--documents", document, "--state-directory", temp.Combine("state"), "--reboot-mode", "exit"];
                var invocation = 0;
                var killed = false;
                ToeProcess.Result? last = null;
                while (invocation < 10)
                {
                    if (invocation == killedInvocation && !killed)
                    {
                        killed = true;
                        using var process = Process.Start(ToeProcess.StartInfo(args, temp.Path))!;
                        process.StandardInput.Close();
                        _ = process.StandardOutput.ReadToEndAsync();
                        _ = process.StandardError.ReadToEndAsync();
                        var finished = process.WaitForExit(delay);
                        if (!finished)
                        {
                            process.Kill(entireProcessTree: true);
                        }

                        process.WaitForExit();
                        invocation++;
                        if (finished && process.ExitCode != 194)
                        {
                            // It ended before the kill: the run is over (a further run would start afresh).
                            last = new ToeProcess.Result(process.ExitCode, string.Empty, string.Empty);
                            break;
                        }

                        continue;
                    }

                    last = ToeProcess.RunIn(temp.Path, args);
                    invocation++;
                    last.Stderr.Should().NotContain("state file", $"the state must stay usable (kill at {delay} ms of invocation {killedInvocation}): {last.Stderr}");
                    if (last.ExitCode != 194)
                    {
                        break;
                    }
                }

                var context = $"kill at {delay} ms into invocation {killedInvocation}";
                last.Should().NotBeNull();
                last!.ExitCode.Should().Be(0, $"{context}: {last.Stderr}");
                var trace = File.ReadAllLines(temp.Combine("trace"));
                foreach (var (step, expected) in new[] { ("StepA", 1), ("Kernel", 2), ("StepB", 1), ("StepC", 1) })
                {
                    var ends = trace.Count(l => l == $"{step} end");
                    ends.Should().BeInRange(expected, expected + 1, $"{context}: {string.Join(" | ", trace)}");
                }

                var reports = Directory.GetDirectories(temp.Path, "TOE_*")
                    .Select(d => Path.Combine(d, "detailedoutput.json")).Where(File.Exists)
                    .Select(f => ReportJson.DeserializeDetailedOutput(File.ReadAllText(f))!).ToList();
                // A kill after the run ended but before toe exited leaves no state: the rerun is a fresh run, in a folder of its own.
                reports.Should().Contain(r => r.Status == Statuses.Success, context);
                var report = reports.Where(r => r.Status == Statuses.Success).MaxBy(r => r.StartTime)!;
                report.Documents.Single().Phases.Single().Steps.Select(s => (s.Name, s.Status)).Should().Equal(
                    [("StepA", Statuses.Success), ("Kernel", Statuses.Success), ("StepB", Statuses.Success), ("Restart", Statuses.Success), ("StepC", Statuses.Success)], context);
                scenarios++;
            }
        }

        scenarios.Should().Be(12);
    }

    [Test]
    public void State_show_and_clear_let_a_person_inspect_and_discard_a_paused_run()
    {
        using var temp = new TempFolder();
        var document = temp.Write("doc.yml", TwoRebootDocument(temp.Path));
        var state = temp.Combine("state");
        ToeProcess.RunIn(temp.Path, "run", "--documents", document, "-s", state, "--reboot-mode", "exit").ExitCode.Should().Be(194);

        var show = ToeProcess.RunIn(temp.Path, "state", "show", "--state-directory", state);

        show.ExitCode.Should().Be(0);
        show.Stdout.Should().Contain($"state file:   {Path.Combine(state, RunStateStore.FileName)}")
            .And.Contain("reboots:      1 (last: step 'Kernel' of phase 'build': ExecuteBash exited with code 194)")
            .And.Contain("resumes at:   document 1, phase 1, step 2 (phase 'build')");

        var clear = ToeProcess.RunIn(temp.Path, "state", "clear", "-s", state);
        clear.ExitCode.Should().Be(0);
        clear.Stdout.Should().Be($"removed {Path.Combine(state, RunStateStore.FileName)}\n");
        ToeProcess.RunIn(temp.Path, "state", "show", "-s", state).Stdout.Should().Be($"no saved run in {state}\n");

        // Cleared: the same command starts afresh (StepA runs again).
        ToeProcess.RunIn(temp.Path, "run", "--documents", document, "-s", state, "--reboot-mode", "simulate").ExitCode.Should().Be(0);
        File.ReadAllLines(temp.Combine("trace")).Count(l => l == "StepA end").Should().Be(2);
    }

    [Test]
    public void A_state_left_by_another_run_stops_a_run_with_a_clear_message()
    {
        using var temp = new TempFolder();
        var state = temp.Combine("state");
        ToeProcess.RunIn(temp.Path, "run", "--documents", temp.Write("doc.yml", TwoRebootDocument(temp.Path)), "-s", state, "--reboot-mode", "exit").ExitCode.Should().Be(194);
        var other = temp.Write("other.yml", "name: other\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Solo\n        action: ExecuteBash\n        inputs:\n          commands: ['touch other-ran']\n");

        var run = ToeProcess.RunIn(temp.Path, "run", "--documents", other, "-s", state);

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().Contain($"toe run: error: the state directory '{state}' holds the state of another run").And.Contain("toe state clear --state-directory");
        File.Exists(temp.Combine("other-ran")).Should().BeFalse();
    }

    [Test]
    public void The_sample_component_reboots_twice_under_simulate_and_succeeds()
    {
        using var temp = new TempFolder();
        var work = temp.Combine("work");

        var run = ToeProcess.RunIn(temp.Path, "run", "--documents", Path.Combine(RepoPaths.Components, "reboot-and-resume.yml"),
            "--reboot-mode", "simulate", "--state-directory", temp.Combine("state"), "--parameters", $"WorkDir={work}");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("\"status\":\"success\"").And.Contain("\"executedStepCount\":5");
        run.Stderr.Should().Contain("simulated reboot 1 (step 'UpdateKernel' of phase 'build': ExecuteBash exited with code 194): resuming")
            .And.Contain("simulated reboot 2 (step 'RebootBeforeTests' of phase 'build': Reboot module): resuming");
        var console = File.ReadAllText(Path.Combine(Directory.GetDirectories(temp.Path, "TOE_*").Single(), "console.log"));
        console.Should().Contain("Updating the kernel (pretend), then asking for a reboot.").And.Contain("Kernel already updated before the reboot: nothing to do.");
        Directory.Exists(work).Should().BeFalse("the last step cleans up");
    }

    [Test]
    public void Bad_reboot_flags_are_refused_before_anything_runs()
    {
        var mode = ToeProcess.Run("run", "--documents", "components/hello-world-linux.yml", "--reboot-mode", "sometimes");
        mode.ExitCode.Should().Be(1);
        mode.Stderr.Should().Be("toe run: error: --reboot-mode 'sometimes' is not one of auto, exit, system, simulate, fail\n");

        var max = ToeProcess.Run("run", "--documents", "components/hello-world-linux.yml", "--max-reboots", "-1");
        max.ExitCode.Should().Be(1);
        max.Stderr.Should().Be("toe run: error: --max-reboots is -1; give 0 or more\n");
    }
}

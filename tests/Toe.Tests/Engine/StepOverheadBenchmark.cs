using System.Diagnostics;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Reports;

namespace Toe.Tests.EngineTests;

/// <summary>
/// The per-step overhead budget: 200 ExecuteBash steps running <c>true</c> may take at most 1.2
/// times a bash loop running 200 script files with <c>bash file</c>. Explicit: timing depends on
/// the machine (run it alone: <c>dotnet test --filter Category=Benchmark</c>). Best of three each.
/// </summary>
[TestFixture]
[Explicit("timing benchmark; run on a quiet machine")]
[Category("Benchmark")]
public sealed class StepOverheadBenchmark
{
    private const int Steps = 200;

    [Test]
    public async Task Two_hundred_true_steps_cost_at_most_1_2_times_a_bash_loop()
    {
        using var h = new EngineHarness();
        var steps = new StringBuilder();
        for (var i = 0; i < Steps; i++)
        {
            steps.Append(EngineHarness.Bash($"S{i}", "true"));
        }

        var document = h.Document(EngineHarness.Yaml(steps.ToString()));
        var scripts = Path.Combine(h.Root, "scripts");
        Directory.CreateDirectory(scripts);
        for (var i = 0; i < Steps; i++)
        {
            File.WriteAllText(Path.Combine(scripts, $"s{i}.sh"), "true\n");
        }

        await h.RunAsync([new Toe.Engine.DocumentRequest(document)]); // warm up (JIT)

        var engine = TimeSpan.MaxValue;
        var loop = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var result = await h.RunAsync([new Toe.Engine.DocumentRequest(document)]);
            watch.Stop();
            result.Summary.Status.Should().Be(Statuses.Success);
            engine = watch.Elapsed < engine ? watch.Elapsed : engine;

            watch.Restart();
            using (var bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"for f in '{scripts}'/s*.sh; do bash \"$f\"; done"]))!)
            {
                await bash.WaitForExitAsync();
            }

            watch.Stop();
            loop = watch.Elapsed < loop ? watch.Elapsed : loop;
        }

        var ratio = engine / loop;
        await TestContext.Out.WriteLineAsync($"{Steps} steps: engine {engine.TotalMilliseconds:F0} ms, bash loop {loop.TotalMilliseconds:F0} ms, ratio {ratio:F2}");
        ratio.Should().BeLessThanOrEqualTo(1.2);
    }
}

using System.Diagnostics;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Toe.Processes;
using Toe.Tests.Support;

namespace Toe.Tests.ProcessRunners;

/// <summary>
/// The contract of <see cref="IProcessRunner"/>, held by both runners: the posix_spawn one that Toe uses on Linux and
/// the CliWrap one it uses elsewhere (ADR 0006). The posix_spawn runner twice: with every program followed on the
/// caller's thread, and with every program followed on a thread of its own (the two phases of a real run). Real
/// bash, real processes.
/// </summary>
[TestFixture("posix_spawn on the caller's thread")]
[TestFixture("posix_spawn on a thread of its own")]
[TestFixture("CliWrap")]
[Platform(Exclude = "Win")]
public sealed class ProcessRunnerContractTests
{
    private static readonly ProcessTerminationOptions Fast = new()
    {
        InterruptGrace = TimeSpan.FromMilliseconds(500),
        TerminateGrace = TimeSpan.FromMilliseconds(500),
        KillWait = TimeSpan.FromSeconds(1),
        OutputDrainGrace = TimeSpan.FromMilliseconds(300),
    };

    private readonly string _kind;
    private IProcessRunner _runner = null!;
    private TempFolder _temp = null!;

    public ProcessRunnerContractTests(string kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        if (_kind != "CliWrap" && !PosixSpawnRunner.IsSupported)
        {
            Assert.Ignore("posix_spawn runner needs Linux 5.3+ (pidfd_open); this machine falls back to CliWrap");
        }

        _runner = _kind switch
        {
            "CliWrap" => new ProcessRunner(Fast),
            "posix_spawn on the caller's thread" => new PosixSpawnRunner(Fast, Timeout.InfiniteTimeSpan),
            _ => new PosixSpawnRunner(Fast, TimeSpan.Zero),
        };
        _temp = new TempFolder();
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [TestCase("exit 0", 0)]
    [TestCase("exit 3", 3)]
    [TestCase("exit 255", 255)]
    [TestCase("kill -9 $$", 137)]
    [TestCase("kill -TERM $$", 143)]
    public async Task The_exit_code_is_the_programs_or_128_plus_the_signal_that_ended_it(string script, int expected)
    {
        var (result, _) = await Bash(script);

        result.ExitCode.Should().Be(expected);
        result.OutputAbandoned.Should().BeFalse();
    }

    [Test]
    public async Task Stdout_and_stderr_arrive_line_by_line_each_in_its_own_order_with_a_last_line_without_newline()
    {
        var (_, sink) = await Bash("echo one; echo err1 >&2; printf 'two\\n\\nthree'; printf 'err2' >&2");

        sink.Lines(OutputKind.Stdout).Should().Equal("one", "two", "", "three");
        sink.Lines(OutputKind.Stderr).Should().Equal("err1", "err2");
    }

    [Test]
    public async Task A_line_longer_than_the_limit_arrives_in_pieces_and_every_byte_arrives()
    {
        var length = OutputPump.MaxLineBytes + 1000;
        var (_, sink) = await Bash($"head -c {length} /dev/zero | tr '\\0' x; echo; echo after");

        var pieces = sink.Pieces(OutputKind.Stdout);
        pieces.Should().HaveCount(3);
        pieces[0].Should().Be((OutputPump.MaxLineBytes, false));
        pieces[1].Should().Be((1000, true));
        sink.Lines(OutputKind.Stdout).Last().Should().Be("after");
    }

    [Test]
    public async Task Twenty_megabytes_of_output_all_arrive()
    {
        var (result, sink) = await Bash("head -c 20000000 /dev/zero | tr '\\0' 'a' | fold -w 999");

        result.ExitCode.Should().Be(0);
        sink.Bytes(OutputKind.Stdout).Should().Be(20_000_000, "every byte but the newlines fold added");
    }

    [Test]
    public async Task The_environment_is_inherited_with_variables_added_and_removed_and_a_fresh_marker()
    {
        Environment.SetEnvironmentVariable("TOE_CONTRACT_INHERITED", "kept");
        Environment.SetEnvironmentVariable("TOE_CONTRACT_REMOVED", "there");
        try
        {
            var spec = new ProcessSpec("bash", ["-c", "echo \"$TOE_CONTRACT_INHERITED|${TOE_CONTRACT_REMOVED-unset}|$TOE_CONTRACT_ADDED|$TOE_PROCESS_MARKER\""])
            {
                Environment = new Dictionary<string, string?> { ["TOE_CONTRACT_ADDED"] = "new value", ["TOE_CONTRACT_REMOVED"] = null },
            };
            var first = await Run(spec with { });
            var second = await Run(spec with { });

            var fields = first.Sink.Lines(OutputKind.Stdout).Single().Split('|');
            fields[..3].Should().Equal("kept", "unset", "new value");
            fields[3].Should().MatchRegex("^[0-9a-f]{32}$");
            second.Sink.Lines(OutputKind.Stdout).Single().Split('|')[3].Should().NotBe(fields[3], "each run has its own marker");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TOE_CONTRACT_INHERITED", null);
            Environment.SetEnvironmentVariable("TOE_CONTRACT_REMOVED", null);
        }
    }

    [Test]
    public async Task Arguments_reach_the_program_as_given_and_it_runs_in_the_working_directory()
    {
        var directory = Directory.CreateDirectory(_temp.Combine("work dir")).FullName;
        var (_, sink) = await Run(new ProcessSpec(Bash(), ["-c", "pwd; printf '[%s]' \"$@\"", "zero", "two words", "", "é$HOME*"]) { WorkingDirectory = directory });

        sink.Lines(OutputKind.Stdout).Should().Equal(directory, "[two words][][é$HOME*]");
    }

    [Test]
    public async Task Stdin_is_empty()
    {
        var (result, sink) = await Bash("cat; read -r line; echo \"read $?\"");

        result.ExitCode.Should().Be(0);
        sink.Lines(OutputKind.Stdout).Should().Equal("read 1");
    }

    [Test]
    public async Task SIGPIPE_is_at_its_default_so_the_writer_of_a_closed_pipe_ends_quietly()
    {
        if (_kind == "CliWrap")
        {
            Assert.Ignore(".NET's Process leaves SIGPIPE ignored in its children (docs/compatibility.md); the posix_spawn runner restores it");
        }

        var (result, sink) = await Bash("yes | head -n 2; echo \"${PIPESTATUS[0]}\"");

        result.ExitCode.Should().Be(0);
        sink.Lines(OutputKind.Stdout).Should().Equal("y", "y", "141");
        sink.Lines(OutputKind.Stderr).Should().BeEmpty();
    }

    [Test]
    public async Task A_missing_program_or_working_directory_or_a_file_that_is_not_executable_cannot_start()
    {
        var notExecutable = _temp.Write("plain.txt", "echo hi\n");

        var missing = () => Run(new ProcessSpec(_temp.Combine("no-such-program")));
        var noDirectory = () => Run(new ProcessSpec(Bash(), ["-c", "true"]) { WorkingDirectory = _temp.Combine("no-such-dir") });
        var plain = () => Run(new ProcessSpec(notExecutable));

        (await missing.Should().ThrowAsync<ProcessStartException>()).Which.Message.Should().Contain("no-such-program");
        (await noDirectory.Should().ThrowAsync<ProcessStartException>()).Which.Message.Should().Contain("no-such-dir");
        (await plain.Should().ThrowAsync<ProcessStartException>()).Which.Message.Should().Contain("plain.txt");
    }

    [Test]
    public async Task A_program_that_outlasts_the_callers_budget_is_followed_to_its_end()
    {
        var (result, sink) = await Bash("echo early; sleep 0.3; echo late; exit 7");

        result.ExitCode.Should().Be(7);
        sink.Lines(OutputKind.Stdout).Should().Equal("early", "late");
    }

    [Test]
    public async Task A_program_that_closes_its_output_is_waited_for_until_it_exits()
    {
        var clock = Stopwatch.StartNew();
        var (result, _) = await Bash("echo before; exec >&- 2>&-; sleep 0.4; exit 4");

        result.ExitCode.Should().Be(4);
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(350));
    }

    [Test]
    public async Task Output_held_open_by_a_background_process_is_abandoned_after_the_drain_grace()
    {
        var pidFile = _temp.Combine("background.pid");
        try
        {
            var clock = Stopwatch.StartNew();
            var (result, sink) = await Bash($"(sleep 0.8; echo late; echo late >&2; sleep 30) & echo $! > '{pidFile}'; echo started; exit 5");

            result.ExitCode.Should().Be(5);
            result.OutputAbandoned.Should().BeTrue();
            sink.Lines(OutputKind.Stdout).Should().Equal("started");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));

            // What the step left running writes again after reading stopped, and is not ended by it.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            IsAlive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)).Should().BeTrue();
            sink.Lines(OutputKind.Stdout).Should().Equal("started");
        }
        finally
        {
            foreach (var pid in ProcessTree.Find(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture), marker: null))
            {
                ProcessTree.Kill(pid, ProcessTree.SIGKILL);
            }
        }
    }

    [Test]
    public async Task Cancelling_ends_the_whole_tree_and_throws()
    {
        var pids = _temp.Combine("pids");
        using var cancel = new CancellationTokenSource();
        var sink = new RecordingSink();
        var canceller = Task.Run(async () =>
        {
            while (!File.Exists(pids) || File.ReadAllLines(pids).Length < 3)
            {
                await Task.Delay(2);
            }

            await cancel.CancelAsync();
        });

        // Ignores SIGINT (so SIGTERM must follow), with a background job and an orphaned grandchild.
        var run = () => _runner.RunAsync(
            new ProcessSpec(Bash(), ["-c", $"trap '' INT; sleep 60 & echo $! >> '{pids}'; (sleep 60 & echo $! >> '{pids}'); echo $$ >> '{pids}'; wait"]),
            sink,
            cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        await canceller;
        var started = File.ReadAllLines(pids);
        started.Should().HaveCount(3);
        started.Should().OnlyContain(pid => !IsAlive(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_sink_that_fails_while_the_tree_is_ended_does_not_stop_the_ending()
    {
        var pidFile = _temp.Combine("pid");
        using var cancel = new CancellationTokenSource();
        var sink = new FailingSink(afterLines: 1, onFirstLine: cancel.Cancel);

        // Prints on SIGINT and SIGTERM: the sink fails on that output while the runner is ending the tree.
        var log = new List<string>();
        var run = () => _runner.RunAsync(
            new ProcessSpec(Bash(), ["-c", $"trap 'echo got INT' INT; trap 'echo got TERM' TERM; echo $$ > '{pidFile}'; echo ready; while true; do sleep 0.05; done"])
            {
                Log = line => { lock (log) { log.Add(line); } },
            },
            sink,
            cancel.Token);

        await run.Should().ThrowAsync<Exception>();
        IsAlive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)).Should().BeFalse();
        log.Should().NotContain(line => line.Contains("giving up"), "the exit is seen even though the output can no longer be handled");
        log.Should().Contain(line => line.Contains("ended after"));
    }

    [Test]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var marker = _temp.Combine("ran");
        var run = () => _runner.RunAsync(new ProcessSpec(Bash(), ["-c", $"touch '{marker}'"]), new RecordingSink(), new CancellationToken(canceled: true));

        await run.Should().ThrowAsync<OperationCanceledException>();
        File.Exists(marker).Should().BeFalse();
    }

    [Test]
    public async Task A_sink_that_fails_ends_the_program_and_its_error_comes_out()
    {
        var pidFile = _temp.Combine("pid");
        var run = () => _runner.RunAsync(
            new ProcessSpec(Bash(), ["-c", $"echo $$ > '{pidFile}'; echo boom; sleep 60"]),
            new FailingSink(),
            CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await run.Should().ThrowAsync<IOException>().WithMessage("disk full");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        IsAlive(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)).Should().BeFalse();
    }

    private Task<(ProcessRunResult Result, RecordingSink Sink)> Bash(string script) => Run(new ProcessSpec(Bash(), ["-c", script]));

    private async Task<(ProcessRunResult Result, RecordingSink Sink)> Run(ProcessSpec spec)
    {
        var sink = new RecordingSink();
        var result = await _runner.RunAsync(spec, sink, CancellationToken.None);
        return (result, sink);
    }

    private static string Bash() => ExecutableLocator.Find("bash") ?? throw new InvalidOperationException("bash not on PATH");

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!OperatingSystem.IsLinux())
        {
            return ProcessTree.Kill(pid, 0);
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed class RecordingSink : IOutputSink
    {
        private readonly List<(OutputKind Kind, byte[] Data, bool EndOfLine)> _pieces = [];
        private long _stdoutBytes;
        private long _stderrBytes;

        public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
        {
            lock (_pieces)
            {
                if (kind == OutputKind.Stdout)
                {
                    _stdoutBytes += data.Length;
                }
                else
                {
                    _stderrBytes += data.Length;
                }

                if (_pieces.Count < 10_000)
                {
                    _pieces.Add((kind, data.ToArray(), endOfLine));
                }
            }
        }

        public List<string> Lines(OutputKind kind)
        {
            lock (_pieces)
            {
                return _pieces.Where(p => p.Kind == kind).Select(p => Encoding.UTF8.GetString(p.Data)).ToList();
            }
        }

        public List<(int Length, bool EndOfLine)> Pieces(OutputKind kind)
        {
            lock (_pieces)
            {
                return _pieces.Where(p => p.Kind == kind).Select(p => (p.Data.Length, p.EndOfLine)).ToList();
            }
        }

        public long Bytes(OutputKind kind)
        {
            lock (_pieces)
            {
                return kind == OutputKind.Stdout ? _stdoutBytes : _stderrBytes;
            }
        }
    }

    /// <summary>Takes <paramref name="afterLines"/> lines (calling <paramref name="onFirstLine"/> at the first), then fails.</summary>
    private sealed class FailingSink(int afterLines = 0, Action? onFirstLine = null) : IOutputSink
    {
        private int _lines;

        public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
        {
            if (Interlocked.Increment(ref _lines) == 1)
            {
                onFirstLine?.Invoke();
            }

            if (_lines > afterLines)
            {
                throw new IOException("disk full");
            }
        }
    }
}

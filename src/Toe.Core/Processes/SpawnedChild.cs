using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using static Toe.Processes.PosixNative;

namespace Toe.Processes;

/// <summary>What ended a <see cref="SpawnedChild.Pump"/>.</summary>
internal enum PumpOutcome
{
    /// <summary>The program exited and both its pipes reached their end.</summary>
    Finished,

    /// <summary>The program exited, but something it left running still held its pipes after the drain grace; reading stopped.</summary>
    OutputAbandoned,

    /// <summary>The cancellation token fired (only when the pump was asked to stop for it).</summary>
    Cancelled,

    /// <summary><see cref="SpawnedChild.RequestStop"/> was called.</summary>
    Stopped,

    /// <summary>The time allowed for this call ran out first; call again.</summary>
    BudgetSpent,
}

/// <summary>
/// A program started with posix_spawn(3) whose stdout, stderr and exit are all watched with one poll(2) on whichever
/// thread calls <see cref="Pump"/>: the exit arrives as a readable pidfd, so no signal handler, wait thread or thread
/// pool hop stands between the program ending and the caller going on (see docs/adr/0006-spawning-step-programs.md).
/// Linux only (pidfd_open, posix_spawn_file_actions_addchdir_np). One thread pumps at a time.
/// </summary>
internal sealed unsafe class SpawnedChild : IDisposable
{
    private const int Infinite = -1;

    private readonly LineSplitter _stdout;
    private readonly LineSplitter _stderr;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(OutputPump.ReadBufferBytes);
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stdoutFd;
    private int _stderrFd;
    private int _pidFd;
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private long _exitedAt;
    private bool _reapPending;
    private volatile bool _cancelRequested;
    private volatile bool _stopRequested;
    private int _disposed;

    private SpawnedChild(int pid, int pidFd, int stdoutFd, int stderrFd, int wakeRead, int wakeWrite, IOutputSink sink)
    {
        Pid = pid;
        _pidFd = pidFd;
        _stdoutFd = stdoutFd;
        _stderrFd = stderrFd;
        _wakeRead = wakeRead;
        _wakeWrite = wakeWrite;
        _stdout = new LineSplitter(OutputKind.Stdout, sink);
        _stderr = new LineSplitter(OutputKind.Stderr, sink);
    }

    public int Pid { get; }

    /// <summary>Set once the program has been reaped.</summary>
    public int ExitCode { get; private set; } = -1;

    /// <summary>Completes when the program has exited, before it is reaped, so its pid is never signalled after it may be reused.</summary>
    public Task Gone => _gone.Task;

    /// <summary>True when this kernel and libc give what <see cref="Start"/> needs: pidfd_open and posix_spawn_file_actions_addchdir_np.</summary>
    public static bool IsSupported { get; } = Probe();

    /// <param name="program">The program's path (<see cref="ProcessSpec.FileName"/> found on PATH if it was a bare name).</param>
    /// <exception cref="ProcessStartException">The program could not be started.</exception>
    /// <param name="inherited">Toe's environment, read once (<see cref="InheritedEnvironment"/>).</param>
    public static SpawnedChild Start(string program, ProcessSpec spec, string marker, InheritedEnvironment inherited, IOutputSink sink)
    {
        var native = NativeStrings.For(program, spec, marker, inherited);
        var fds = stackalloc int[6] { -1, -1, -1, -1, -1, -1 };
        if (Pipe2(fds, O_CLOEXEC) != 0 || Pipe2(fds + 2, O_CLOEXEC) != 0 || Pipe2(fds + 4, O_CLOEXEC | O_NONBLOCK) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            CloseAll(fds, 6);
            native.Dispose();
            throw new ProcessStartException($"could not start '{spec.FileName}': no pipe for its output ({Marshal.GetPInvokeErrorMessage(error)})");
        }

        int pid;
        int spawnError;
        var fileActions = NativeMemory.AllocZeroed(OpaqueBytes);
        var attributes = NativeMemory.AllocZeroed(OpaqueBytes);
        var signals = NativeMemory.AllocZeroed(OpaqueBytes);
        try
        {
            // Each call returns 0 or an error number (ENOMEM, in practice); any of them failing is a failed start.
            var setUp = FileActionsInit(fileActions);
            setUp = setUp != 0 ? setUp : FileActionsAddOpen(fileActions, 0, native.DevNull, O_RDONLY, 0);
            setUp = setUp != 0 ? setUp : FileActionsAddDup2(fileActions, fds[1], 1);
            setUp = setUp != 0 ? setUp : FileActionsAddDup2(fileActions, fds[3], 2);
            if (native.WorkingDirectory is not null)
            {
                setUp = setUp != 0 ? setUp : FileActionsAddChdir(fileActions, native.WorkingDirectory);
            }

            // The program starts with no signal blocked and SIGPIPE at its default (.NET ignores SIGPIPE, and an
            // ignored signal would stay ignored across exec: `yes | head` would never end). Handlers go back to the
            // default by themselves at exec; glibc resets them already in the child.
            setUp = setUp != 0 ? setUp : AttributesInit(attributes);
            _ = SignalSetEmpty(signals);
            setUp = setUp != 0 ? setUp : AttributesSetSignalMask(attributes, signals);
            _ = SignalSetAdd(signals, SIGPIPE);
            setUp = setUp != 0 ? setUp : AttributesSetSignalDefault(attributes, signals);
            setUp = setUp != 0 ? setUp : AttributesSetFlags(attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

            pid = 0;
            spawnError = setUp != 0 ? setUp : PosixSpawn(&pid, native.Path, fileActions, attributes, native.Argv, native.Envp);
        }
        finally
        {
            _ = FileActionsDestroy(fileActions);
            _ = AttributesDestroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            native.Dispose();
            _ = Close(fds[1]);
            _ = Close(fds[3]);
            fds[1] = fds[3] = -1;
        }

        if (spawnError != 0)
        {
            CloseAll(fds, 6);
            throw new ProcessStartException($"could not start '{spec.FileName}': {StartFailure(spawnError, spec)}");
        }

        var pidFd = (int)Syscall(SYS_pidfd_open, pid, 0);
        if (pidFd < 0)
        {
            // Out of descriptors, most likely. Without a pidfd there is no way to learn of the exit here: undo the start.
            var error = Marshal.GetLastPInvokeError();
            _ = ProcessTree.Kill(pid, ProcessTree.SIGKILL);
            int status;
            while (WaitPid(pid, &status, 0) < 0 && Marshal.GetLastPInvokeError() == EINTR)
            {
            }

            CloseAll(fds, 6);
            throw new ProcessStartException($"could not start '{spec.FileName}': pidfd_open failed ({Marshal.GetPInvokeErrorMessage(error)})");
        }

        return new SpawnedChild(pid, pidFd, fds[0], fds[2], fds[4], fds[5], sink);
    }

    /// <summary>Asks a running <see cref="Pump"/> that stops on cancellation to return <see cref="PumpOutcome.Cancelled"/>. Any thread.</summary>
    public void RequestCancel()
    {
        _cancelRequested = true;
        Wake();
    }

    /// <summary>Asks a running <see cref="Pump"/> to return <see cref="PumpOutcome.Stopped"/>. Any thread.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Wake();
    }

    /// <summary>
    /// Hands on unfinished lines, then leaves each open pipe to a thread of its own that reads and discards until its
    /// end. Whatever the step left running keeps a reader: closing the pipe instead would end it by SIGPIPE at its
    /// next write (step programs start with SIGPIPE at its default). The pipes close when those processes do, or when
    /// Toe exits.
    /// </summary>
    public void AbandonOutput()
    {
        foreach (var fd in new[] { Detach(ref _stdoutFd, _stdout), Detach(ref _stderrFd, _stderr) })
        {
            if (fd >= 0)
            {
                var thread = new Thread(static state => Discard((int)state!)) { IsBackground = true, Name = "toe abandoned output" };
                thread.UnsafeStart(fd);
            }
        }

        static int Detach(ref int fd, LineSplitter lines)
        {
            var detached = fd;
            if (detached >= 0)
            {
                lines.Finish();
                fd = -1;
            }

            return detached;
        }
    }

    /// <summary>Stops reading output: the program's next write to a pipe gets SIGPIPE. The exit is still watched.</summary>
    /// <param name="handOnLastLines">False when the sink has failed: an unfinished line is dropped, not handed to it again.</param>
    public void CloseOutput(bool handOnLastLines = true)
    {
        CloseStream(ref _stdoutFd, _stdout, handOnLastLines);
        CloseStream(ref _stderrFd, _stderr, handOnLastLines);
    }

    /// <summary>
    /// Reads output into the sink and watches for the exit until one of <see cref="PumpOutcome"/> happens.
    /// </summary>
    /// <param name="budget">How long this call may take; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="stopOnCancel">Whether <see cref="RequestCancel"/> ends the call.</param>
    /// <param name="drainGrace">After the exit, how long to keep reading pipes that something else still holds.</param>
    public PumpOutcome Pump(TimeSpan budget, bool stopOnCancel, TimeSpan drainGrace)
    {
        var started = Stopwatch.GetTimestamp();
        var fds = stackalloc PollFd[4];
        while (true)
        {
            var exited = _pidFd < 0;
            if (exited && _stdoutFd < 0 && _stderrFd < 0)
            {
                return PumpOutcome.Finished;
            }

            if (_stopRequested)
            {
                return PumpOutcome.Stopped;
            }

            if (stopOnCancel && _cancelRequested)
            {
                return PumpOutcome.Cancelled;
            }

            var timeout = Infinite;
            if (budget != Timeout.InfiniteTimeSpan)
            {
                var left = budget - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return PumpOutcome.BudgetSpent;
                }

                timeout = Milliseconds(left);
            }

            if (exited)
            {
                var left = drainGrace - Stopwatch.GetElapsedTime(_exitedAt);
                if (left <= TimeSpan.Zero)
                {
                    AbandonOutput();
                    return PumpOutcome.OutputAbandoned;
                }

                timeout = timeout == Infinite ? Milliseconds(left) : Math.Min(timeout, Milliseconds(left));
            }

            fds[0] = new PollFd { Fd = _stdoutFd, Events = POLLIN };
            fds[1] = new PollFd { Fd = _stderrFd, Events = POLLIN };
            // A traced child's end can show on the pidfd before its tracer lets waitpid see it: then the pidfd stays
            // readable, so it is left out and waitpid tried again every millisecond instead of spinning.
            fds[2] = new PollFd { Fd = _reapPending ? -1 : _pidFd, Events = POLLIN };
            if (_reapPending)
            {
                timeout = timeout == Infinite ? 1 : Math.Min(timeout, 1);
            }

            fds[3] = new PollFd { Fd = _wakeRead, Events = POLLIN };
            if (Poll(fds, 4, timeout) < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EINTR)
                {
                    continue;
                }

                throw new IOException($"poll failed while reading the output of process {Pid}: {Marshal.GetPInvokeErrorMessage(error)}");
            }

            const short ready = POLLIN | POLLHUP | POLLERR | POLLNVAL;
            if ((fds[0].Revents & ready) != 0)
            {
                ReadOnce(ref _stdoutFd, _stdout);
            }

            if ((fds[1].Revents & ready) != 0)
            {
                ReadOnce(ref _stderrFd, _stderr);
            }

            if (_reapPending || (fds[2].Revents & ready) != 0)
            {
                Reap();
            }

            if ((fds[3].Revents & ready) != 0)
            {
                DrainWake();
            }
        }
    }

    /// <summary>Runs <see cref="Pump"/> without a budget on a thread of its own, for programs that outlast the caller's budget.</summary>
    /// <param name="onSinkFailure">
    /// Null: an exception from the sink ends the pump and faults the task. Otherwise it is handed to this, the output is
    /// dropped from then on, and the exit is still watched (while a tree is being ended, <see cref="Gone"/> must come).
    /// </param>
    public Task<PumpOutcome> PumpOnThreadAsync(bool stopOnCancel, TimeSpan drainGrace, Action<Exception>? onSinkFailure = null)
    {
        var done = new TaskCompletionSource<PumpOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                PumpOutcome outcome;
                try
                {
                    outcome = Pump(Timeout.InfiniteTimeSpan, stopOnCancel, drainGrace);
                }
                catch (Exception ex) when (onSinkFailure is not null)
                {
                    onSinkFailure(ex);
                    CloseOutput(handOnLastLines: false);
                    outcome = Pump(Timeout.InfiniteTimeSpan, stopOnCancel, drainGrace);
                }

                done.SetResult(outcome);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"toe output of {Pid}",
        };
        thread.UnsafeStart();
        return done.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CloseOutput(handOnLastLines: false);
        if (_pidFd >= 0)
        {
            // Still running (the tree could not be ended): it stays a zombie once it exits; nothing here may wait for it.
            _ = Close(_pidFd);
            _pidFd = -1;
        }

        _ = Close(_wakeRead);
        _ = Close(_wakeWrite);
        _stdout.Dispose();
        _stderr.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private static void Discard(int fd)
    {
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var read = PosixNative.Read(fd, buffer, 4096);
            if (read == 0 || (read < 0 && Marshal.GetLastPInvokeError() != EINTR))
            {
                break;
            }
        }

        _ = Close(fd);
    }

    private void ReadOnce(ref int fd, LineSplitter lines)
    {
        nint read;
        fixed (byte* buffer = _buffer)
        {
            read = PosixNative.Read(fd, buffer, OutputPump.ReadBufferBytes);
        }

        if (read > 0)
        {
            lines.Feed(_buffer.AsSpan(0, (int)read));
            return;
        }

        if (read < 0 && Marshal.GetLastPInvokeError() is EINTR or EAGAIN)
        {
            return;
        }

        lines.Finish();
        _ = Close(fd);
        fd = -1;
    }

    private static void CloseStream(ref int fd, LineSplitter lines, bool handOnLastLine)
    {
        if (fd >= 0)
        {
            if (handOnLastLine)
            {
                lines.Finish();
            }

            _ = Close(fd);
            fd = -1;
        }
    }

    private void Reap()
    {
        _gone.TrySetResult();
        int status;
        int reaped;
        do
        {
            reaped = WaitPid(Pid, &status, WNOHANG);
        }
        while (reaped < 0 && Marshal.GetLastPInvokeError() == EINTR);

        _reapPending = reaped == 0;
        if (_reapPending)
        {
            return;
        }

        _exitedAt = Stopwatch.GetTimestamp();
        // reaped < 0 (ECHILD): something else reaped it (a SIGCHLD handler that reaps every child); the code is lost.
        ExitCode = reaped == Pid ? ExitCodeOf(status) : -1;
        _ = Close(_pidFd);
        _pidFd = -1;
    }

    private void Wake()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        byte one = 1;
        _ = PosixNative.Write(_wakeWrite, &one, 1);
    }

    private void DrainWake()
    {
        var sink = stackalloc byte[64];
        while (PosixNative.Read(_wakeRead, sink, 64) > 0)
        {
        }
    }

    private static int Milliseconds(TimeSpan span) => (int)Math.Clamp(Math.Ceiling(span.TotalMilliseconds), 0, int.MaxValue);

    private static void CloseAll(int* fds, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (fds[i] >= 0)
            {
                _ = Close(fds[i]);
            }
        }
    }

    private static string StartFailure(int error, ProcessSpec spec)
    {
        if (error == ENOENT && spec.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            return $"the working directory '{directory}' does not exist";
        }

        return Marshal.GetPInvokeErrorMessage(error);
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var fd = (int)Syscall(SYS_pidfd_open, GetPid(), 0);
            if (fd < 0)
            {
                return false;
            }

            _ = Close(fd);
            var fileActions = NativeMemory.AllocZeroed(OpaqueBytes);
            try
            {
                _ = FileActionsInit(fileActions);
                var root = stackalloc byte[] { (byte)'/', 0 };
                var ok = FileActionsAddChdir(fileActions, root) == 0;
                _ = FileActionsDestroy(fileActions);
                return ok;
            }
            finally
            {
                NativeMemory.Free(fileActions);
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The path, argv, envp and working directory of one start as NUL-terminated UTF-8 in one native block.</summary>
    private readonly struct NativeStrings : IDisposable
    {
        private readonly byte* _block;

        private NativeStrings(byte* block, byte* path, byte** argv, byte** envp, byte* workingDirectory, byte* devNull)
        {
            _block = block;
            Path = path;
            Argv = argv;
            Envp = envp;
            WorkingDirectory = workingDirectory;
            DevNull = devNull;
        }

        public byte* Path { get; }

        public byte** Argv { get; }

        public byte** Envp { get; }

        public byte* WorkingDirectory { get; }

        public byte* DevNull { get; }

        public static NativeStrings For(string program, ProcessSpec spec, string marker, InheritedEnvironment inherited)
        {
            // The inherited variables are already NUL-terminated UTF-8; only the step's own and the marker are encoded here.
            var kept = new List<byte[]>(inherited.Entries.Length);
            var keptBytes = 0;
            foreach (var (name, entry) in inherited.Entries)
            {
                if (name != ProcessTree.MarkerVariable && spec.Environment?.ContainsKey(name) != true)
                {
                    kept.Add(entry);
                    keptBytes += entry.Length;
                }
            }

            var environment = new List<string>();
            if (spec.Environment is not null)
            {
                foreach (var (name, value) in spec.Environment)
                {
                    if (value is not null && name != ProcessTree.MarkerVariable)
                    {
                        environment.Add($"{name}={value}");
                    }
                }
            }

            environment.Add($"{ProcessTree.MarkerVariable}={marker}");

            static int Size(string text) => Encoding.UTF8.GetByteCount(text) + 1;
            var bytes = keptBytes + Size(program) + Size(spec.FileName) + Size("/dev/null") + (spec.WorkingDirectory is null ? 0 : Size(spec.WorkingDirectory));
            foreach (var text in spec.Arguments.Concat(environment))
            {
                bytes += Size(text);
            }

            // Pointer tables first (argv and envp, each NULL-terminated), then the strings.
            var argc = 1 + spec.Arguments.Count;
            var pointers = (argc + 1 + kept.Count + environment.Count + 1) * sizeof(byte*);
            var block = (byte*)NativeMemory.Alloc((nuint)(pointers + bytes));
            var argv = (byte**)block;
            var envp = argv + argc + 1;
            var next = block + pointers;
            var end = block + pointers + bytes;

            byte* Put(string text)
            {
                var at = next;
                var written = Encoding.UTF8.GetBytes(text, new Span<byte>(at, (int)(end - at)));
                at[written] = 0;
                next = at + written + 1;
                return at;
            }

            var path = Put(program);
            argv[0] = Put(spec.FileName);
            for (var i = 1; i < argc; i++)
            {
                argv[i] = Put(spec.Arguments[i - 1]);
            }

            argv[argc] = null;
            for (var i = 0; i < kept.Count; i++)
            {
                var at = next;
                kept[i].CopyTo(new Span<byte>(at, kept[i].Length));
                next = at + kept[i].Length;
                envp[i] = at;
            }

            for (var i = 0; i < environment.Count; i++)
            {
                envp[kept.Count + i] = Put(environment[i]);
            }

            envp[kept.Count + environment.Count] = null;
            var devNull = Put("/dev/null");
            var workingDirectory = spec.WorkingDirectory is null ? null : Put(spec.WorkingDirectory);
            return new NativeStrings(block, path, argv, envp, workingDirectory, devNull);
        }

        public void Dispose() => NativeMemory.Free(_block);
    }
}

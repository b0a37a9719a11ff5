using System.Runtime.InteropServices;

namespace Toe.Processes;

/// <summary>
/// The libc calls behind <see cref="SpawnedChild"/> (Linux): posix_spawn, pipes, poll(2), waitpid and pidfd_open.
/// [LibraryImport] keeps them AOT-safe. Constants are the Linux values (the same on x86-64 and arm64, glibc and musl).
/// </summary>
internal static unsafe partial class PosixNative
{
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int ENOENT = 2;
    internal const int ECHILD = 10;

    internal const int O_RDONLY = 0;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    internal const short POLLIN = 0x1;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    internal const int WNOHANG = 1;

    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;

    internal const int SIGPIPE = 13;

    /// <summary>pidfd_open(2): the same number on every Linux architecture (new system calls share one table since 5.1).</summary>
    internal const nint SYS_pidfd_open = 434;

    /// <summary>Room for posix_spawnattr_t, posix_spawn_file_actions_t and sigset_t on any libc (glibc needs 336, 80 and 128 bytes).</summary>
    internal const int OpaqueBytes = 1024;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    internal static partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    internal static partial int FileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    internal static partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    internal static partial int FileActionsAddChdir(void* fileActions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    internal static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    internal static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    internal static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    internal static partial int AttributesSetSignalMask(void* attributes, void* mask);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static partial int AttributesSetSignalDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    internal static partial int SignalSetEmpty(void* set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    internal static partial int SignalSetAdd(void* set, int signal);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint Syscall(nint number, nint argument1, nint argument2);

    [LibraryImport("libc", EntryPoint = "sigaction")]
    internal static partial int SigAction(int signal, void* action, void* oldAction);

    [LibraryImport("libc", EntryPoint = "getpid")]
    internal static partial int GetPid();

    /// <summary>The exit code as .NET's Process reports it: the exit status, or 128 + the signal that ended it.</summary>
    internal static int ExitCodeOf(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}

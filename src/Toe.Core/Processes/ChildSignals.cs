namespace Toe.Processes;

/// <summary>
/// Makes sure Toe learns how its children end. A parent that runs Toe with SIGCHLD ignored (`trap '' CHLD; exec toe`,
/// some service managers' children) passes that on through exec: the kernel then reaps every child at once and no
/// exit code reaches Toe, and .NET, seeing SIGCHLD ignored when it sets up its signal handling, reaps every child
/// itself. A step's exit code was lost (-1) or the run hung. Call <see cref="RestoreDefault"/> first thing in Main,
/// before anything touches Console, Process or signal registration.
/// </summary>
public static unsafe class ChildSignals
{
    private const nint SigIgn = 1;

    /// <summary>SIGCHLD back to its default disposition if it was ignored; otherwise nothing changes. Linux and macOS.</summary>
    /// <returns>True if it was ignored and has been restored.</returns>
    public static bool RestoreDefault()
    {
        var signal = OperatingSystem.IsLinux() ? 17 : OperatingSystem.IsMacOS() ? 20 : 0;
        if (signal == 0)
        {
            return false;
        }

        // struct sigaction starts with the handler on glibc, musl and macOS; all zero is SIG_DFL, no mask, no flags.
        var buffer = stackalloc byte[PosixNative.OpaqueBytes];
        new Span<byte>(buffer, PosixNative.OpaqueBytes).Clear();
        try
        {
            if (PosixNative.SigAction(signal, null, buffer) != 0 || *(nint*)buffer != SigIgn)
            {
                return false;
            }

            new Span<byte>(buffer, PosixNative.OpaqueBytes).Clear();
            return PosixNative.SigAction(signal, buffer, null) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}

using System.Runtime.InteropServices;

namespace Toe.Actions.FileSystem;

/// <summary>
/// rename(2) and link(2) without .NET's conveniences: File.Move silently falls back to a non-atomic
/// copy + delete across file systems and Directory.Move refuses an existing target, while the move
/// modules need to know about EXDEV (to stage a copy themselves) and need rename's atomic replace.
/// </summary>
internal static partial class NativeFs
{
    private const int EXDEV = 18; // the same on Linux and macOS
    private const int EEXIST = 17;

    public enum LinkOutcome
    {
        Linked,
        TargetExists,
        CrossDevice,
        NotSupported,
    }

    /// <summary>Renames atomically (replacing a file or an empty folder at <paramref name="to"/>). False when the two are on different file systems.</summary>
    public static bool TryRename(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            if (Directory.Exists(from))
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to, overwrite: true);
            }

            return true;
        }

        if (Rename(from, to) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EXDEV ? false : throw Failure(errno, $"cannot move '{from}' to '{to}'");
    }

    /// <summary>A hard link: the no-clobber half of a move (EEXIST is atomic, unlike "check, then rename").</summary>
    public static LinkOutcome TryLink(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            return LinkOutcome.NotSupported;
        }

        if (Link(from, to) == 0)
        {
            return LinkOutcome.Linked;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            EEXIST => LinkOutcome.TargetExists,
            EXDEV => LinkOutcome.CrossDevice,
            _ => LinkOutcome.NotSupported, // EPERM (file systems without hard links), EMLINK, ENOTSUP, ...
        };
    }

    /// <summary>
    /// What a path is when it is not a regular file, folder or link: "a named pipe", "a socket", "a device";
    /// null for everything else. Reading a named pipe or a device would block or never end, so the copy
    /// modules refuse them. Linux only (statx, fixed layout on every architecture); elsewhere null.
    /// </summary>
    public static unsafe string? SpecialKind(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[256]; // struct statx
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx: nothing is refused
        }

        var type = *(ushort*)(buffer + 28) & 0xF000; // stx_mode
        return type switch
        {
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0x2000 or 0x6000 => "a device",
            _ => null,
        };
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    private static IOException Failure(int errno, string what)
    {
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        return errno is 1 or 13 // EPERM, EACCES
            ? throw new UnauthorizedAccessException($"{what}: {reason}")
            : new IOException($"{what}: {reason}");
    }

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string from, string to);
}

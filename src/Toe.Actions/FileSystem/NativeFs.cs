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

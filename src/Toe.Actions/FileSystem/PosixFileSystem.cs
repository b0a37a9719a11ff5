using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Toe.Actions.FileSystem;

/// <summary>What the ownership modules need to know about one file-system entry.</summary>
internal readonly record struct EntryStatus(uint Uid, uint Gid, UnixFileMode Permissions, bool IsDirectory, bool IsSymlink, bool IsRegularFile);

/// <summary>
/// chown/lchown and stat for the ownership and permission modules, with errno turned into messages
/// that say what to do. Permissions themselves go through <see cref="File.SetUnixFileMode(string, UnixFileMode)"/>.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static unsafe partial class PosixFileSystem
{
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    private const int TypeMask = 0xF000;
    private const int TypeDirectory = 0x4000;
    private const int TypeSymlink = 0xA000;
    private const int TypeRegular = 0x8000;
    private const int PermissionMask = 0xFFF;

    // .NET's own native shim has the same FileStatus layout on every platform and architecture
    // (Flags, Mode, Uid, Gid are its first four 32-bit fields), unlike libc's struct stat, and glibc
    // before 2.33 (Amazon Linux 2) exports no plain 'stat' symbol at all. Native AOT links the shim
    // statically. The buffer is larger than the struct so that fields added later cannot overrun it.
    private const int StatusBufferSize = 512;

    /// <summary>
    /// Changes owner and/or group; <paramref name="followLink"/> false changes a symbolic link itself (lchown).
    /// Messages name <paramref name="shownAs"/> when given (the target of a temporary file being prepared).
    /// </summary>
    public static void ChangeOwner(string path, OwnerChange change, bool followLink, string? shownAs = null)
    {
        if (change.IsEmpty)
        {
            return;
        }

        var uid = change.Uid ?? uint.MaxValue;
        var gid = change.Gid ?? uint.MaxValue;
        var result = followLink ? NativeMethods.chown(path, uid, gid) : NativeMethods.lchown(path, uid, gid);
        if (result != 0)
        {
            throw new ItemFailedException(OwnerFailure(shownAs ?? path, change, Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>chmod (follows a symbolic link; links have no mode of their own on Linux), exactly the given mode.</summary>
    public static void ChangeMode(string path, UnixFileMode mode, string? shownAs = null)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ItemFailedException($"not permitted to change the permissions of '{shownAs ?? path}' to {OctalPermissions.Format(mode)}: only its owner or root can; run Toe as root or as the owner");
        }
    }

    /// <summary>The entry at <paramref name="path"/> (links followed), which must be a file: missing or a folder is a failure saying which module fits.</summary>
    public static EntryStatus RequireFile(string path, string folderModule)
    {
        var status = RequireEntry(path);
        return status.IsDirectory
            ? throw new ItemFailedException($"'{path}' is a folder, not a file; use {folderModule} for folders")
            : status;
    }

    /// <summary>The entry at <paramref name="path"/> (links followed), which must be a folder.</summary>
    public static EntryStatus RequireFolder(string path, string fileModule)
    {
        var status = RequireEntry(path);
        return status.IsDirectory
            ? status
            : throw new ItemFailedException($"'{path}' is a file, not a folder; use {fileModule} for files");
    }

    private static EntryStatus RequireEntry(string path)
    {
        if (Status(path, followLink: true) is { } status)
        {
            return status;
        }

        throw new ItemFailedException(Status(path, followLink: false) is { IsSymlink: true }
            ? $"'{path}' is a symbolic link to something that does not exist"
            : $"'{path}' does not exist");
    }

    /// <summary>The entry's owner, group, permission bits and type; null when nothing is at <paramref name="path"/>.</summary>
    public static EntryStatus? Status(string path, bool followLink)
    {
        var buffer = stackalloc byte[StatusBufferSize];
        var result = followLink ? NativeMethods.SystemNative_Stat(path, buffer) : NativeMethods.SystemNative_LStat(path, buffer);
        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is ENOENT or ENOTDIR)
            {
                return null;
            }

            throw new ItemFailedException($"could not read the status of '{path}': {Marshal.GetPInvokeErrorMessage(error)}");
        }

        var mode = *(int*)(buffer + 4);
        var type = mode & TypeMask;
        return new EntryStatus(*(uint*)(buffer + 8), *(uint*)(buffer + 12), (UnixFileMode)(mode & PermissionMask), type == TypeDirectory, type == TypeSymlink, type == TypeRegular);
    }

    private static string OwnerFailure(string path, OwnerChange change, int error) => error switch
    {
        EPERM => $"not permitted to give '{path}' to {change.Description}: only root (or a process with CAP_CHOWN) can give a file to another user or to a group it is not a member of; run Toe as root or leave out owner/group",
        EACCES => $"permission denied reaching '{path}' to give it to {change.Description}: a parent folder is not searchable by this user",
        ENOENT => $"'{path}' does not exist",
        _ => $"could not give '{path}' to {change.Description}: {Marshal.GetPInvokeErrorMessage(error)}",
    };

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int chown(string path, uint owner, uint group);

        [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int lchown(string path, uint owner, uint group);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int SystemNative_Stat(string path, byte* status);

        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int SystemNative_LStat(string path, byte* status);
    }
}

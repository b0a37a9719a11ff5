using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Toe.Actions.FileSystem;

/// <summary>A user as chown needs it: the user id and, when the account database knows the user, its primary group.</summary>
internal readonly record struct UserAccount(uint Uid, uint? PrimaryGid);

/// <summary>
/// Finds users and groups the way chown(1) does: first by name through the system's account databases
/// (libc's reentrant getpwnam_r/getgrnam_r, so NSS sources such as LDAP or sssd count, not only
/// /etc/passwd), then, when no account has that name and the value is all digits, as a numeric id.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static unsafe partial class PosixAccounts
{
    // Big enough for struct passwd/group on every libc Toe runs on (glibc 48 bytes, macOS 72).
    private const int RecordSize = 256;
    private const int MaxBuffer = 1 << 20;

    // errno values, the same on Linux and macOS.
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int ESRCH = 3;
    private const int EBADF = 9;
    private const int ERANGE = 34;

    // struct passwd and struct group both start with two pointers (name, password), followed by the
    // numeric id(s): pw_uid then pw_gid, or gr_gid.
    private static readonly int IdOffset = 2 * IntPtr.Size;

    private delegate int Query(byte* record, byte* buffer, nuint length, nint* result);

    /// <summary>The user named (or numbered) <paramref name="value"/>; an unknown one is a failure naming it.</summary>
    public static UserAccount FindUser(string value, string input)
    {
        RefuseNul(value, input);
        if (LookUp(ByUserName(value), $"user '{value}'") is { } record)
        {
            return new UserAccount(ReadId(record, IdOffset), ReadId(record, IdOffset + 4));
        }

        if (TryParseId(value) is { } uid)
        {
            var byId = LookUp(ByUserId(uid), $"user id {uid}");
            return new UserAccount(uid, byId is null ? null : ReadId(byId, IdOffset + 4));
        }

        throw new ItemFailedException($"input '{input}': no user named '{value}' exists on this system; give an existing user name or a numeric user id");
    }

    /// <summary>The id of the group named (or numbered) <paramref name="value"/>; an unknown one is a failure naming it.</summary>
    public static uint FindGroup(string value, string input)
    {
        RefuseNul(value, input);
        if (LookUp(ByGroupName(value), $"group '{value}'") is { } record)
        {
            return ReadId(record, IdOffset);
        }

        return TryParseId(value)
            ?? throw new ItemFailedException($"input '{input}': no group named '{value}' exists on this system; give an existing group name or a numeric group id");
    }

    private static Query ByUserName(string name) => (record, buffer, length, result) => NativeMethods.getpwnam_r(name, record, buffer, length, result);

    private static Query ByUserId(uint uid) => (record, buffer, length, result) => NativeMethods.getpwuid_r(uid, record, buffer, length, result);

    private static Query ByGroupName(string name) => (record, buffer, length, result) => NativeMethods.getgrnam_r(name, record, buffer, length, result);

    /// <summary>Runs a *_r query, growing the string buffer while libc answers ERANGE. Null: no such entry.</summary>
    private static byte[]? LookUp(Query query, string what)
    {
        var record = new byte[RecordSize];
        for (var size = 1024; size <= MaxBuffer; size *= 4)
        {
            var buffer = new byte[size];
            nint found = 0;
            int error;
            fixed (byte* r = record)
            fixed (byte* b = buffer)
            {
                error = query(r, b, (nuint)size, &found);
            }

            switch (error)
            {
                case 0:
                    return found == 0 ? null : record;
                case ERANGE:
                    continue;
                case ENOENT or ESRCH or EBADF or EPERM: // "not found" as some libcs and NSS modules report it
                    return null;
                default:
                    throw new ItemFailedException($"could not look up {what}: {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }

        throw new ItemFailedException($"could not look up {what}: its account entry is larger than {MaxBuffer / 1024} KB");
    }

    private static uint ReadId(byte[] record, int offset) => MemoryMarshal.Read<uint>(record.AsSpan(offset, sizeof(uint)));

    /// <summary>All ASCII digits and below 2^32-1 (which chown reads as "leave unchanged").</summary>
    private static uint? TryParseId(string value) =>
        value.Length > 0 && value.All(char.IsAsciiDigit) && uint.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var id) && id != uint.MaxValue
            ? id
            : null;

    private static void RefuseNul(string value, string input)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ItemFailedException($"input '{input}' contains a NUL character");
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int getpwnam_r(string name, byte* record, byte* buffer, nuint length, nint* result);

        [LibraryImport("libc", EntryPoint = "getpwuid_r")]
        internal static partial int getpwuid_r(uint uid, byte* record, byte* buffer, nuint length, nint* result);

        [LibraryImport("libc", EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int getgrnam_r(string name, byte* record, byte* buffer, nuint length, nint* result);
    }
}

using System.Runtime.Versioning;

namespace Toe.Actions.FileSystem;

/// <summary>
/// A resolved owner/group change: a null id leaves that part unchanged (chown's -1). <see cref="Description"/>
/// names what the author wrote, for messages.
/// </summary>
internal sealed record OwnerChange(uint? Uid, uint? Gid, string Description)
{
    public static OwnerChange None { get; } = new(null, null, "nothing");

    public bool IsEmpty => Uid is null && Gid is null;

    /// <summary>
    /// Resolves the owner and group inputs before anything on disk is touched. Without a group, the
    /// owner's primary group is used (chown's <c>user:</c>, and the documented default of SetFileOwner
    /// and SetFolderOwner); a numeric owner that no account has keeps the current group.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static OwnerChange Resolve(string? owner, string? group)
    {
        if (owner is null && group is null)
        {
            return None;
        }

        var user = owner is null ? (UserAccount?)null : PosixAccounts.FindUser(owner, "owner");
        var gid = group is null ? user?.PrimaryGid : PosixAccounts.FindGroup(group, "group");
        var parts = new List<string>();
        if (owner is not null)
        {
            parts.Add($"owner '{owner}'");
        }

        if (group is not null)
        {
            parts.Add($"group '{group}'");
        }
        else if (gid is not null)
        {
            parts.Add($"the owner's primary group (gid {gid})");
        }

        return new OwnerChange(user?.Uid, gid, string.Join(" and ", parts));
    }
}

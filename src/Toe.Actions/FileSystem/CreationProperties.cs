namespace Toe.Actions.FileSystem;

/// <summary>
/// The optional <c>owner</c>, <c>group</c> and <c>permissions</c> inputs of CreateFile and CreateFolder,
/// read and resolved before anything is created (an unknown user fails the item without a trace on
/// disk) and applied to the new entry before it gets its final name.
/// </summary>
internal sealed record CreationProperties(OwnerChange Owner, UnixFileMode? Mode)
{
    public static CreationProperties None { get; } = new(OwnerChange.None, null);

    public bool IsEmpty => Owner.IsEmpty && Mode is null;

    public static CreationProperties Read(ItemInputs item, string module)
    {
        var owner = NonEmpty(item, "owner");
        var group = NonEmpty(item, "group");
        var permissions = item.Optional("permissions");
        if (owner is null && group is null && permissions is null)
        {
            return None;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new ItemFailedException($"owner, group and permissions are not supported on Windows; remove them from this {module} item");
        }

        var mode = permissions is null ? (UnixFileMode?)null : OctalPermissions.Parse(permissions);
        return new CreationProperties(OwnerChange.Resolve(owner, group), mode);
    }

    /// <summary>
    /// These properties, completed with the owner, group and mode of the existing <paramref name="path"/>
    /// for whatever the item leaves out: replacing a file keeps them, as truncating it would.
    /// </summary>
    public CreationProperties KeepingFrom(string path)
    {
        if (OperatingSystem.IsWindows() || PosixFileSystem.Status(path, followLink: true) is not { } existing)
        {
            return this;
        }

        var uid = Owner.Uid ?? existing.Uid;
        var gid = Owner.Gid ?? existing.Gid;
        var description = Owner.IsEmpty ? $"the owner and group of the file it replaces (uid {uid}, gid {gid})" : Owner.Description;
        return new CreationProperties(new OwnerChange(uid, gid, description), Mode ?? existing.Permissions);
    }

    /// <summary>
    /// Owner first, then the mode: chown clears set-user/group-id bits, so chmod must come last. Ids the
    /// entry already has are left alone, so an ordinary user keeping its own ids needs no privilege.
    /// Messages name <paramref name="shownAs"/> (the final path of a temporary entry).
    /// </summary>
    public void ApplyTo(string path, string shownAs)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!Owner.IsEmpty && PosixFileSystem.Status(path, followLink: true) is { } current)
        {
            var change = Owner with
            {
                Uid = Owner.Uid == current.Uid ? null : Owner.Uid,
                Gid = Owner.Gid == current.Gid ? null : Owner.Gid,
            };
            PosixFileSystem.ChangeOwner(path, change, followLink: true, shownAs);
        }

        if (Mode is { } mode)
        {
            PosixFileSystem.ChangeMode(path, mode, shownAs);
        }
    }

    /// <summary>An optional name input; written but empty is a mistake, not "use the default".</summary>
    internal static string? NonEmpty(ItemInputs item, string key)
    {
        var value = item.Optional(key);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            throw new ItemFailedException($"input '{key}' is empty; give a name or numeric id, or leave '{key}' out");
        }

        return value;
    }
}

namespace Toe.Actions.Packages;

/// <summary>
/// zypper (SLES, openSUSE): <c>zypper --non-interactive update --auto-agree-with-licenses</c>. zypper has no
/// exclude option for update: excluded globs are locked (<c>addlock</c>) for the update and unlocked afterwards,
/// except locks that already existed. Exit code 102 means "reboot needed" (success); 103 means zypper updated
/// itself and must run again, which Toe does once.
/// </summary>
public sealed class Zypper : PackageManager
{
    public const int RebootNeeded = 102;
    public const int RestartNeeded = 103;

    private static readonly string[] Global = ["--non-interactive"];

    public override string Name => "zypper";

    public override string QueryProgram => "rpm";

    public static PackageCommand Update(IReadOnlyList<string> packages) => new("zypper", [.. Global, "update", "--auto-agree-with-licenses", .. packages]);

    public static PackageCommand Locks() => new("zypper", [.. Global, "--quiet", "locks"]);

    public static PackageCommand AddLock(IReadOnlyList<string> patterns) => new("zypper", [.. Global, "addlock", .. patterns]);

    public static PackageCommand RemoveLock(IReadOnlyList<string> patterns) => new("zypper", [.. Global, "removelock", .. patterns]);

    public override PackageCommand InstalledQuery(IReadOnlyList<string> patterns) => Rpm.InstalledQuery(patterns);

    public override IReadOnlyList<string> ParseInstalled(IReadOnlyList<string> lines) => Rpm.ParseInstalled(lines);

    /// <summary>The names in the table of <c>zypper locks</c> ("# | Name | Type | Repository"): every cell, trimmed.</summary>
    public static IReadOnlySet<string> ParseLocks(IReadOnlyList<string> lines) =>
        lines.SelectMany(l => l.Split('|')).Select(c => c.Trim()).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);

    public override async Task<UpdateOutcome> UpdateAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken)
    {
        if (await PackagesToUpdateAsync(selection, shell, cancellationToken).ConfigureAwait(false) is not { } packages)
        {
            return UpdateOutcome.Done;
        }

        IReadOnlyList<string> locked = [];
        try
        {
            if (selection.Exclude.Count > 0)
            {
                var existing = ParseLocks(await shell.QueryAsync(Locks(), cancellationToken).ConfigureAwait(false));
                var toLock = selection.Exclude.Where(e => !existing.Contains(e)).Distinct(StringComparer.Ordinal).ToList();
                if (toLock.Count > 0)
                {
                    await RunCheckedAsync(shell, AddLock(toLock), cancellationToken).ConfigureAwait(false);
                    locked = toLock;
                }
            }

            var code = await RunCheckedAsync(shell, Update(packages), cancellationToken, RebootNeeded, RestartNeeded).ConfigureAwait(false);
            if (code == RestartNeeded)
            {
                shell.Say("UpdateOS: zypper updated itself (exit code 103); running the update again");
                code = await RunCheckedAsync(shell, Update(packages), cancellationToken, RebootNeeded).ConfigureAwait(false);
            }

            return code == RebootNeeded ? new UpdateOutcome(true, "zypper exited with code 102 (reboot needed)") : UpdateOutcome.Done;
        }
        finally
        {
            if (locked.Count > 0 && await shell.RunAsync(RemoveLock(locked), CancellationToken.None).ConfigureAwait(false) != 0)
            {
                shell.Say($"UpdateOS: could not remove the locks on {string.Join(", ", locked)}; run 'zypper removelock {string.Join(' ', locked)}'");
            }
        }
    }
}

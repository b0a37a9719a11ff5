namespace Toe.Actions.Packages;

/// <summary>
/// apt-get (Debian, Ubuntu): <c>apt-get update</c>, then <c>upgrade --with-new-pkgs</c> (new dependencies such as a
/// new kernel's packages are installed; nothing is removed) or, with include, <c>install --only-upgrade</c> of the
/// installed included packages. apt-get has no exclude option: excluded installed packages are put on hold
/// (<c>apt-mark hold</c>) for the update and released afterwards, except those the system already held.
/// Non-interactive: DEBIAN_FRONTEND=noninteractive, -y, and dpkg keeps changed configuration files.
/// </summary>
public sealed class AptGet : PackageManager
{
    private static readonly string[] Options = ["-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"];

    public override string Name => "apt-get";

    public override IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };

    public override string QueryProgram => "dpkg-query";

    public static PackageCommand Refresh() => new("apt-get", ["-q", "update"]);

    public static PackageCommand UpgradeAll() => new("apt-get", [.. Options, "upgrade", "--with-new-pkgs"]);

    public static PackageCommand UpgradeOnly(IReadOnlyList<string> packages) => new("apt-get", [.. Options, "install", "--only-upgrade", .. packages]);

    public static PackageCommand ShowHold() => new("apt-mark", ["showhold"]);

    public static PackageCommand Hold(IReadOnlyList<string> packages) => new("apt-mark", ["hold", .. packages]);

    public static PackageCommand Unhold(IReadOnlyList<string> packages) => new("apt-mark", ["unhold", .. packages]);

    public override PackageCommand InstalledQuery(IReadOnlyList<string> patterns) => new("dpkg-query", ["-W", "-f=${db:Status-Abbrev} ${Package}\\n", .. patterns]);

    /// <summary>Lines "ii  name": the second status letter 'i' means installed (dpkg also lists removed packages it remembers).</summary>
    public override IReadOnlyList<string> ParseInstalled(IReadOnlyList<string> lines) =>
        [.. lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0].Length >= 2 && f[0][1] == 'i')
            .Select(f => f[^1].Split(':')[0])
            .Distinct(StringComparer.Ordinal)];

    public override async Task<UpdateOutcome> UpdateAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken)
    {
        await RunCheckedAsync(shell, Refresh(), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> held = [];
        try
        {
            if (selection.Exclude.Count > 0)
            {
                var installed = ParseInstalled(await shell.QueryAsync(InstalledQuery(selection.Exclude), cancellationToken).ConfigureAwait(false));
                var alreadyHeld = await shell.QueryAsync(ShowHold(), cancellationToken).ConfigureAwait(false);
                var toHold = installed.Except(alreadyHeld.Select(l => l.Trim().Split(':')[0]), StringComparer.Ordinal).ToList();
                if (toHold.Count > 0)
                {
                    await RunCheckedAsync(shell, Hold(toHold), cancellationToken).ConfigureAwait(false);
                    held = toHold;
                }
            }

            if (selection.Include.Count == 0)
            {
                await RunCheckedAsync(shell, UpgradeAll(), cancellationToken).ConfigureAwait(false);
            }
            else if (await IncludedPackagesAsync(selection, shell, cancellationToken).ConfigureAwait(false) is { } packages)
            {
                await RunCheckedAsync(shell, UpgradeOnly(packages), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (held.Count > 0 && await shell.RunAsync(Unhold(held), CancellationToken.None).ConfigureAwait(false) != 0)
            {
                shell.Say($"UpdateOS: could not release the hold on {string.Join(", ", held)}; run 'apt-mark unhold {string.Join(' ', held)}'");
            }
        }

        return UpdateOutcome.Done;
    }
}

namespace Toe.Actions.Packages;

/// <summary>
/// dnf and yum: one command, <c>-y</c>, excludes as <c>--exclude=glob</c> (both support globs), include narrowed
/// to installed packages with <c>rpm -qa</c>. On Amazon Linux 2023 dnf adds <c>--releasever=latest</c>: its
/// repositories are locked to the release the image was built from, and "all available updates" means the latest.
/// </summary>
public abstract class RpmPackageManager : PackageManager
{
    public override string QueryProgram => "rpm";

    /// <summary>The update command itself: dnf upgrade or yum update.</summary>
    public abstract PackageCommand Update(UpdateSelection selection, IReadOnlyList<string> packages, OsRelease os);

    public override PackageCommand InstalledQuery(IReadOnlyList<string> patterns) => Rpm.InstalledQuery(patterns);

    public override IReadOnlyList<string> ParseInstalled(IReadOnlyList<string> lines) => Rpm.ParseInstalled(lines);

    /// <summary>The OS the command is for (Amazon Linux 2023 changes dnf's arguments); set by the module before updating.</summary>
    public OsRelease Os { get; init; } = OsRelease.Unknown;

    public override async Task<UpdateOutcome> UpdateAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken)
    {
        if (await PackagesToUpdateAsync(selection, shell, cancellationToken).ConfigureAwait(false) is not { } packages)
        {
            return UpdateOutcome.Done;
        }

        await RunCheckedAsync(shell, Update(selection, packages, Os), cancellationToken).ConfigureAwait(false);
        return UpdateOutcome.Done;
    }

    protected static IEnumerable<string> Excludes(UpdateSelection selection) => selection.Exclude.Select(e => "--exclude=" + e);
}

/// <summary>dnf (Fedora, RHEL 8+, Amazon Linux 2023, Rocky, Alma): <c>dnf -y upgrade</c>.</summary>
public sealed class Dnf : RpmPackageManager
{
    public override string Name => "dnf";

    public override PackageCommand Update(UpdateSelection selection, IReadOnlyList<string> packages, OsRelease os) =>
        new("dnf", ["-y", .. os.IsAmazonLinux2023 ? ["--releasever=latest"] : Array.Empty<string>(), "upgrade", .. Excludes(selection), .. packages]);
}

/// <summary>yum (Amazon Linux 2, CentOS 7, older RHEL): <c>yum -y update</c>.</summary>
public sealed class Yum : RpmPackageManager
{
    public override string Name => "yum";

    public override PackageCommand Update(UpdateSelection selection, IReadOnlyList<string> packages, OsRelease os) =>
        new("yum", ["-y", "update", .. Excludes(selection), .. packages]);
}

/// <summary>The installed-package query of the RPM-based managers (dnf, yum, zypper): names only, globs allowed.</summary>
public static class Rpm
{
    public static PackageCommand InstalledQuery(IReadOnlyList<string> patterns) => new("rpm", ["-qa", "--qf", "%{NAME}\\n", .. patterns]);

    public static IReadOnlyList<string> ParseInstalled(IReadOnlyList<string> lines) =>
        [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains(' ', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
}

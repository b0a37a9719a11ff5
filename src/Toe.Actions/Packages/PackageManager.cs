namespace Toe.Actions.Packages;

/// <summary>What an update did that matters after it: whether the package manager itself said a reboot is needed.</summary>
public sealed record UpdateOutcome(bool RebootNeeded, string? RebootReason = null)
{
    public static UpdateOutcome Done { get; } = new(false);
}

/// <summary>
/// One Linux package manager: the commands of an update (built by small public methods, so tests check them
/// exactly) and the order in which they run. Include lists are narrowed to the installed packages first, so
/// every manager treats names that are not installed the same way: skipped, said in the console.
/// </summary>
public abstract class PackageManager
{
    /// <summary>The program, found on PATH: apt-get, dnf, yum, zypper.</summary>
    public abstract string Name { get; }

    /// <summary>Variables the package manager's commands run with (apt-get: DEBIAN_FRONTEND=noninteractive).</summary>
    public virtual IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>();

    /// <summary>The program that lists installed packages (dpkg-query or rpm), which must be on PATH too.</summary>
    public abstract string QueryProgram { get; }

    /// <summary>The command listing the installed packages matching the globs.</summary>
    public abstract PackageCommand InstalledQuery(IReadOnlyList<string> patterns);

    /// <summary>Package names from the output of <see cref="InstalledQuery"/>.</summary>
    public abstract IReadOnlyList<string> ParseInstalled(IReadOnlyList<string> lines);

    public abstract Task<UpdateOutcome> UpdateAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken);

    /// <summary>The installed packages the include list names, without the excluded ones; said in the console when none.</summary>
    protected async Task<IReadOnlyList<string>?> IncludedPackagesAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken)
    {
        var installed = ParseInstalled(await shell.QueryAsync(InstalledQuery(selection.Include), cancellationToken).ConfigureAwait(false));
        var packages = selection.WithoutExcluded(installed);
        if (packages.Count == 0)
        {
            shell.Say($"UpdateOS: no installed package matches 'include' ({string.Join(", ", selection.Include)}){(selection.Exclude.Count > 0 ? " outside 'exclude'" : string.Empty)}; nothing to update");
            return null;
        }

        var skipped = selection.Include.Where(p => !installed.Any(i => UpdateSelection.Matches(p, i))).ToList();
        if (skipped.Count > 0)
        {
            shell.Say($"UpdateOS: not installed, so not updated: {string.Join(", ", skipped)}");
        }

        return packages;
    }

    /// <summary>
    /// The packages to name on the update command: none (update everything) without an include list, else
    /// <see cref="IncludedPackagesAsync"/>; null when the include list matches nothing installed (nothing to do).
    /// </summary>
    protected async Task<IReadOnlyList<string>?> PackagesToUpdateAsync(UpdateSelection selection, IPackageShell shell, CancellationToken cancellationToken) =>
        selection.Include.Count == 0 ? [] : await IncludedPackagesAsync(selection, shell, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs a command and throws <see cref="PackageUpdateException"/> unless it exits with one of the codes.</summary>
    protected static async Task<int> RunCheckedAsync(IPackageShell shell, PackageCommand command, CancellationToken cancellationToken, params int[] success)
    {
        var code = await shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (code != 0 && !success.Contains(code))
        {
            throw new PackageUpdateException($"'{command}' failed with exit code {code}", code);
        }

        return code;
    }
}

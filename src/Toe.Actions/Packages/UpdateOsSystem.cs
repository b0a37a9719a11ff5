namespace Toe.Actions.Packages;

/// <summary>
/// Where UpdateOS looks on the machine. The defaults are the real places; tests point them at temporary
/// folders and stand-in package managers.
/// </summary>
public sealed record UpdateOsSystem
{
    public static UpdateOsSystem Host { get; } = new();

    /// <summary>The PATH to find package managers on, also given to them; null: Toe's own PATH.</summary>
    public string? PathVariable { get; init; }

    public string OsReleaseFile { get; init; } = "/etc/os-release";

    /// <summary>Debian and Ubuntu create this file when an update needs a reboot.</summary>
    public string RebootRequiredFile { get; init; } = "/var/run/reboot-required";

    /// <summary>One folder per installed kernel: a new one after the update means a new kernel was installed.</summary>
    public string KernelModulesDirectory { get; init; } = "/lib/modules";

    /// <summary>The names of the kernels installed now (folders of <see cref="KernelModulesDirectory"/>).</summary>
    public IReadOnlySet<string> InstalledKernels()
    {
        try
        {
            return Directory.Exists(KernelModulesDirectory)
                ? Directory.EnumerateDirectories(KernelModulesDirectory).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>();
        }
        catch (IOException)
        {
            return new HashSet<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    }
}

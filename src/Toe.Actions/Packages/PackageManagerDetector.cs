namespace Toe.Actions.Packages;

/// <summary>
/// Picks the package manager of a Linux machine: first the managers of the distribution family named by
/// /etc/os-release (ID, then each ID_LIKE word: Debian family apt-get; Fedora/RHEL/Amazon family dnf, then yum;
/// SUSE family zypper), the first of them on PATH; when the file is missing, names an unknown family, or none of
/// the family's managers is on PATH, the first of apt-get, dnf, yum, zypper on PATH. Null when there is none.
/// </summary>
public static class PackageManagerDetector
{
    public static IReadOnlyList<string> FallbackOrder { get; } = ["apt-get", "dnf", "yum", "zypper"];

    private static readonly Dictionary<string, string[]> Families = new(StringComparer.Ordinal)
    {
        ["debian"] = ["apt-get"],
        ["ubuntu"] = ["apt-get"],
        ["linuxmint"] = ["apt-get"],
        ["raspbian"] = ["apt-get"],
        ["fedora"] = ["dnf", "yum"],
        ["rhel"] = ["dnf", "yum"],
        ["centos"] = ["dnf", "yum"],
        ["rocky"] = ["dnf", "yum"],
        ["almalinux"] = ["dnf", "yum"],
        ["ol"] = ["dnf", "yum"],
        ["amzn"] = ["dnf", "yum"],
        ["sles"] = ["zypper"],
        ["sled"] = ["zypper"],
        ["suse"] = ["zypper"],
        ["opensuse"] = ["zypper"],
        ["opensuse-leap"] = ["zypper"],
        ["opensuse-tumbleweed"] = ["zypper"],
    };

    /// <summary>The candidate managers in the order they are tried, without duplicates.</summary>
    public static IReadOnlyList<string> Candidates(OsRelease os) =>
        [.. new[] { os.Id }.Concat(os.IdLike)
            .SelectMany(id => Families.TryGetValue(id, out var managers) ? managers : [])
            .Concat(FallbackOrder)
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The first candidate that <paramref name="find"/> locates on PATH.</summary>
    public static PackageManager? Detect(OsRelease os, Func<string, string?> find)
    {
        foreach (var name in Candidates(os))
        {
            if (find(name) is null)
            {
                continue;
            }

            return name switch
            {
                "apt-get" => new AptGet(),
                "dnf" => new Dnf { Os = os },
                "yum" => new Yum { Os = os },
                _ => new Zypper(),
            };
        }

        return null;
    }
}

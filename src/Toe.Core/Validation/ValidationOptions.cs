namespace Toe.Validation;

/// <summary>What <c>toe validate</c> (and <c>toe run</c>, before it starts) check beyond the document itself.</summary>
public sealed record ValidationOptions
{
    public static ValidationOptions Default { get; } = new();

    /// <summary>
    /// Modules that may not run (<c>--blocked-action-modules</c>); names compare case-insensitively.
    /// Each step using one is an error.
    /// </summary>
    public IReadOnlySet<string> BlockedActionModules { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The platform the document must run on: "linux", "windows" or "darwin" (any case). When set,
    /// a step whose module does not exist there is an error. When null (the default for
    /// <c>toe validate</c>), no platform check is made: a document is valid wherever it is checked,
    /// so a Linux CI job can validate Windows components. <c>toe run</c> passes
    /// <see cref="HostOsPlatform"/> so that a run stops before its first step.
    /// </summary>
    public string? OsPlatform { get; init; }

    /// <summary>The platform this process runs on, in the names <see cref="OsPlatform"/> takes.</summary>
    public static string HostOsPlatform => OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux";

    public static IReadOnlyList<string> KnownOsPlatforms { get; } = ["linux", "windows", "darwin"];

    /// <summary>The platform as a flag; throws for names other than linux, windows, darwin (the CLI checks them first).</summary>
    internal OsPlatforms? Platform => OsPlatform?.ToLowerInvariant() switch
    {
        null => null,
        "linux" => OsPlatforms.Linux,
        "windows" => OsPlatforms.Windows,
        "darwin" or "macos" => OsPlatforms.MacOS,
        _ => throw new ArgumentException($"unknown OS platform '{OsPlatform}'; expected one of {string.Join(", ", KnownOsPlatforms)}", nameof(OsPlatform)),
    };
}

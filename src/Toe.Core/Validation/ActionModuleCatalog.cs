namespace Toe.Validation;

[Flags]
public enum OsPlatforms
{
    None = 0,
    Linux = 1,
    Windows = 2,
    MacOS = 4,
    All = Linux | Windows | MacOS,
}

/// <summary>What the validator needs to know about one action module: where it runs and what it outputs.</summary>
public sealed record ActionModuleInfo(string Name, OsPlatforms Platforms, IReadOnlyList<string> Outputs);

/// <summary>
/// The 30 action modules of SPEC-2026.md section 1 (platform labels and outputs as documented).
/// CreateSymlink and the Set*Owner/Permissions modules are labelled for all platforms although their
/// bodies say "not supported on Windows"; Toe follows the labels here (no TOE3402) and reports them
/// for Windows with TOE3403 (<see cref="WindowsUnsupportedRule"/>).
/// One addition of Toe's: ExecutePowerShell runs everywhere (pwsh on Linux and macOS), so `toe run` accepts it there.
/// </summary>
public static class ActionModuleCatalog
{
    private static readonly string[] Stdout = ["stdout"];

    private static readonly Dictionary<string, ActionModuleInfo> Modules = new ActionModuleInfo[]
    {
        new("Assert", OsPlatforms.All, []),
        new("ExecuteBash", OsPlatforms.Linux | OsPlatforms.MacOS, Stdout),
        new("ExecuteBinary", OsPlatforms.All, Stdout),
        new("ExecuteDocument", OsPlatforms.All, ["executedStepCount", "executionId", "failedStepCount", "failureMessage", "ignoredFailedStepCount", "logUrl", "status"]),
        new("ExecutePowerShell", OsPlatforms.All, Stdout), // documented for Windows; Toe runs pwsh elsewhere
        new("S3Download", OsPlatforms.All, []),
        new("S3Upload", OsPlatforms.All, []),
        new("WebDownload", OsPlatforms.All, ["destination"]),
        new("AppendFile", OsPlatforms.All, []),
        new("CopyFile", OsPlatforms.All, []),
        new("CopyFolder", OsPlatforms.All, []),
        new("CreateFile", OsPlatforms.All, []),
        new("CreateFolder", OsPlatforms.All, []),
        new("CreateSymlink", OsPlatforms.All, []),
        new("DeleteFile", OsPlatforms.All, []),
        new("DeleteFolder", OsPlatforms.All, []),
        new("ListFiles", OsPlatforms.All, ["files"]),
        new("MoveFile", OsPlatforms.All, []),
        new("MoveFolder", OsPlatforms.All, []),
        new("ReadFile", OsPlatforms.All, ["content"]),
        new("SetFileEncoding", OsPlatforms.All, []),
        new("SetFileOwner", OsPlatforms.All, []),
        new("SetFolderOwner", OsPlatforms.All, []),
        new("SetFilePermissions", OsPlatforms.All, []),
        new("SetFolderPermissions", OsPlatforms.All, []),
        new("InstallMSI", OsPlatforms.Windows, ["logFile", "msiExitCode", "stdout"]),
        new("UninstallMSI", OsPlatforms.Windows, ["logFile", "msiExitCode", "stdout"]),
        new("Reboot", OsPlatforms.Linux | OsPlatforms.Windows, []),
        new("SetRegistry", OsPlatforms.Windows, []),
        new("UpdateOS", OsPlatforms.Linux | OsPlatforms.Windows, []),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Modules.Keys;

    /// <summary>The module named exactly so (action names are case-sensitive in documents).</summary>
    public static ActionModuleInfo? Find(string? name) => name is not null && Modules.TryGetValue(name, out var module) ? module : null;

    public static string Describe(OsPlatforms platforms) => string.Join(" and ", new[]
    {
        platforms.HasFlag(OsPlatforms.Linux) ? "Linux" : null,
        platforms.HasFlag(OsPlatforms.Windows) ? "Windows" : null,
        platforms.HasFlag(OsPlatforms.MacOS) ? "macOS" : null,
    }.Where(p => p is not null));
}

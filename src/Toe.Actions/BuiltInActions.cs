using Toe.Engine;

namespace Toe.Actions;

/// <summary>The action modules Toe ships with.</summary>
public static class BuiltInActions
{
    /// <summary>Every documented AWSTOE module (SPEC-2026 section 1: 30 modules).</summary>
    public static IReadOnlyList<string> DocumentedNames { get; } =
    [
        "Assert", "ExecuteBash", "ExecuteBinary", "ExecuteDocument", "ExecutePowerShell",
        "S3Download", "S3Upload", "WebDownload",
        "AppendFile", "CopyFile", "CopyFolder", "CreateFile", "CreateFolder", "CreateSymlink", "DeleteFile", "DeleteFolder",
        "ListFiles", "MoveFile", "MoveFolder", "ReadFile", "SetFileEncoding", "SetFileOwner", "SetFolderOwner",
        "SetFilePermissions", "SetFolderPermissions",
        "InstallMSI", "UninstallMSI", "Reboot", "SetRegistry", "UpdateOS",
    ];

    /// <summary>A registry with the implemented modules, and <see cref="NotImplementedModule"/> for the rest.</summary>
    public static ActionRegistry CreateRegistry()
    {
        var registry = new ActionRegistry();
        foreach (var name in DocumentedNames)
        {
            registry.Add(new NotImplementedModule(name));
        }

        registry.Add(new AssertModule());
        registry.Add(new ExecuteBash());
        registry.Add(new ExecuteBinary());
        registry.Add(new ExecuteDocument());
        return registry;
    }
}

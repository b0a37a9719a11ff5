using Toe.Aws;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>The action modules Toe ships with.</summary>
public static class BuiltInActions
{
    /// <summary>Every documented AWSTOE module: the validator's catalog (SPEC-2026 section 1), so the two cannot drift.</summary>
    public static IReadOnlyList<string> DocumentedNames { get; } = [.. Toe.Validation.ActionModuleCatalog.Names];

    /// <summary>A registry with every documented module (a test proves none is missing).</summary>
    public static ActionRegistry CreateRegistry() => CreateRegistry(S3ClientFactory.Default);

    /// <summary>The same, with the S3 modules using <paramref name="s3"/> (tests give their own endpoint and keys).</summary>
    public static ActionRegistry CreateRegistry(S3ClientFactory s3) => CreateRegistry(s3, null);

    /// <summary>The same, with ExecuteDocument fetching component ARNs through <paramref name="components"/> (tests give the emulator's environment).</summary>
    public static ActionRegistry CreateRegistry(S3ClientFactory s3, Toe.Aws.ImageBuilder.ComponentDocuments? components)
    {
        var registry = new ActionRegistry();
        registry.Add(new AssertModule());
        registry.Add(new ExecuteBash());
        registry.Add(new ExecuteBinary());
        registry.Add(new ExecuteDocument(s3, components));
        registry.Add(new S3Download(s3));
        registry.Add(new S3Upload(s3));
        registry.Add(new RebootModule());
        registry.Add(new FileSystem.AppendFile());
        registry.Add(new FileSystem.ReadFile());
        registry.Add(new FileSystem.SetFileEncoding());
        registry.Add(new FileSystem.ListFiles());
        registry.Add(new FileSystem.CreateSymlink());
        registry.Add(new FileSystem.DeleteFile());
        registry.Add(new FileSystem.DeleteFolder());
        registry.Add(new WebDownload());
        registry.Add(new FileSystem.CreateFile());
        registry.Add(new FileSystem.CreateFolder());
        registry.Add(new FileSystem.SetFileOwner());
        registry.Add(new FileSystem.SetFolderOwner());
        registry.Add(new FileSystem.SetFilePermissions());
        registry.Add(new FileSystem.SetFolderPermissions());
        registry.Add(new ExecutePowerShell());
        registry.Add(new InstallMsi());
        registry.Add(new UninstallMsi());
        registry.Add(new SetRegistry());
        registry.Add(new UpdateOs());
        registry.Add(new FileSystem.CopyFile());
        registry.Add(new FileSystem.CopyFolder());
        registry.Add(new FileSystem.MoveFile());
        registry.Add(new FileSystem.MoveFolder());
        return registry;
    }
}

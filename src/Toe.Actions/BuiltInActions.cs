using Toe.Aws;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>The action modules Toe ships with.</summary>
public static class BuiltInActions
{
    /// <summary>Every documented AWSTOE module: the validator's catalog (SPEC-2026 section 1), so the two cannot drift.</summary>
    public static IReadOnlyList<string> DocumentedNames { get; } = [.. Toe.Validation.ActionModuleCatalog.Names];

    /// <summary>A registry with the implemented modules, and <see cref="NotImplementedModule"/> for the rest.</summary>
    public static ActionRegistry CreateRegistry() => CreateRegistry(S3ClientFactory.Default);

    /// <summary>The same, with the S3 modules using <paramref name="s3"/> (tests give their own endpoint and keys).</summary>
    public static ActionRegistry CreateRegistry(S3ClientFactory s3)
    {
        var registry = new ActionRegistry();
        foreach (var name in DocumentedNames)
        {
            registry.Add(new NotImplementedModule(name));
        }

        registry.Add(new AssertModule());
        registry.Add(new ExecuteBash());
        registry.Add(new ExecuteBinary());
        registry.Add(new ExecuteDocument(s3));
        registry.Add(new S3Download(s3));
        registry.Add(new S3Upload(s3));
        return registry;
    }
}

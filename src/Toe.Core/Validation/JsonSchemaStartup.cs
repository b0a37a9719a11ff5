using System.Runtime.CompilerServices;

namespace Toe.Validation;

/// <summary>
/// Loads JsonSchema.Net's dialects and vocabularies on first use instead of at process start
/// (ADR 0002). The library does this in a <c>[ModuleInitializer]</c>, which Native AOT runs at start-up
/// of every <c>toe</c> invocation, <c>toe --version</c> included. The native build stubs that initializer
/// (JsonSchemaNet.substitutions.xml) and the schema code calls <see cref="EnsureLoaded"/> before building a
/// schema, which runs the library's own <c>LoadDialects</c> through <see cref="UnsafeAccessorAttribute"/>
/// (bound at compile time, AOT-safe). Under the JIT, where the initializer is not stubbed, the library's
/// own flag says the work is done and nothing runs twice.
/// </summary>
internal static class JsonSchemaStartup
{
    private const string Initializer = "Json.Schema.__ModuleInitialization, JsonSchema.Net";

    private static readonly Lock Gate = new();

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            // The initializer's own "already done" flag, set by Initialize() and now by this method.
            if (Interlocked.Exchange(ref InitializedFlag(null), 1) != 1)
            {
                LoadDialects(null);
            }
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "_initialized")]
    private static extern ref int InitializedFlag([UnsafeAccessorType(Initializer)] object? initializer);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "LoadDialects")]
    private static extern void LoadDialects([UnsafeAccessorType(Initializer)] object? initializer);
}

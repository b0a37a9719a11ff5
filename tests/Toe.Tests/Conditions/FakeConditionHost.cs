using System.Text;
using System.Text.Json.Nodes;
using Toe.Conditions;

namespace Toe.Tests.Conditions;

/// <summary>An in-memory world that counts every question, to prove what was (not) evaluated.</summary>
internal sealed class FakeConditionHost : IConditionHost
{
    public HashSet<string> Files { get; } = [];

    public HashSet<string> Folders { get; } = [];

    public HashSet<string> Binaries { get; } = [];

    public Dictionary<string, string> Contents { get; } = [];

    public int Calls { get; private set; }

    public bool FileExists(string path)
    {
        Calls++;
        return Files.Contains(path);
    }

    public bool FolderExists(string path)
    {
        Calls++;
        return Folders.Contains(path);
    }

    public Stream OpenRead(string path)
    {
        Calls++;
        return Contents.TryGetValue(path, out var text)
            ? new MemoryStream(Encoding.UTF8.GetBytes(text))
            : throw new FileNotFoundException($"Could not find file '{path}'.");
    }

    public bool BinaryExists(string name)
    {
        Calls++;
        return Binaries.Contains(name);
    }
}

internal static class Eval
{
    /// <summary>Parses <paramref name="json"/> (the condition as the engine hands it over) and evaluates it.</summary>
    public static ConditionResult Json(string json, IConditionHost? host = null) =>
        ConditionEvaluator.Evaluate(ConditionParser.Parse(JsonNode.Parse(json)), host ?? new FakeConditionHost());
}

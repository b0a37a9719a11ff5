using System.Security.Cryptography;
using System.Text;

namespace Toe.Reboot;

/// <summary>
/// A fingerprint of what a run does: each document's path and text, the parameter values (global and per
/// document) and the phases. State saved by a run is resumed only by a run with the same fingerprint, so a
/// stale state file can never make a different command "resume" somewhere in the middle.
/// </summary>
public static class RunIdentity
{
    public sealed record Document(string Source, string Text, IReadOnlyDictionary<string, string> Parameters);

    public static string Compute(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, string> parameters, IReadOnlyCollection<string>? phases)
    {
        var text = new StringBuilder();
        Field(text, "phases", phases is null ? "*" : string.Join(",", phases));
        Map(text, "parameters", parameters);
        foreach (var document in documents)
        {
            Field(text, "document", document.Source);
            Field(text, "text", document.Text);
            Map(text, "document-parameters", document.Parameters);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed fields: no two different runs can produce the same text.
    private static void Field(StringBuilder text, string name, string value) =>
        text.Append(name).Append(':').Append(value.Length).Append(':').Append(value).Append('\n');

    private static void Map(StringBuilder text, string name, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Field(text, name + ".key", key);
            Field(text, name + ".value", value);
        }
    }
}

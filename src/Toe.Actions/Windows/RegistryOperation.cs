using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toe.Actions.Windows;

/// <summary>The registry hives a SetRegistry path may start with (Toe's own names: Microsoft.Win32's are Windows-only).</summary>
public enum RegistryRoot
{
    ClassesRoot,
    Users,
    LocalMachine,
    CurrentConfig,
    CurrentUser,
}

/// <summary>The documented SetRegistry value types: BINARY, DWORD, QWORD, SZ, EXPAND_SZ, MULTI_SZ.</summary>
public enum RegistryType
{
    Binary,
    DWord,
    QWord,
    String,
    ExpandString,
    MultiString,
}

/// <summary>
/// One checked SetRegistry item: the hive and subkey from <c>path</c>, the value <c>name</c>, and the data of
/// <c>value</c> converted for <c>type</c> (string, string[], int for DWORD, long for QWORD, byte[] for BINARY).
/// Pure: parsing works on every platform; only <see cref="SetRegistry"/> touches the registry.
/// </summary>
public sealed record RegistryOperation(RegistryRoot Hive, string SubKey, string Name, RegistryType Kind, object Data)
{
    private static readonly (string Long, string Short, RegistryRoot Hive)[] Hives =
    [
        ("HKEY_CLASSES_ROOT", "HKCR", RegistryRoot.ClassesRoot),
        ("HKEY_USERS", "HKU", RegistryRoot.Users),
        ("HKEY_LOCAL_MACHINE", "HKLM", RegistryRoot.LocalMachine),
        ("HKEY_CURRENT_CONFIG", "HKCC", RegistryRoot.CurrentConfig),
        ("HKEY_CURRENT_USER", "HKCU", RegistryRoot.CurrentUser),
    ];

    /// <summary>Checks one item; throws <see cref="ItemFailedException"/> naming the input and what to write.</summary>
    public static RegistryOperation Parse(ItemInputs item)
    {
        var (hive, subKey) = ParsePath(item.Required("path"));
        var name = item.Required("name");
        var type = item.Required("type");
        if (item.Node("value") is not { } value)
        {
            throw new ItemFailedException("input 'value' is required");
        }

        var (kind, data) = ParseValue(type, value);
        return new RegistryOperation(hive, subKey, name, kind, data);
    }

    /// <summary>
    /// A key path: a hive written long or short (HKEY_LOCAL_MACHINE or HKLM, any letter case), optionally
    /// followed by ':' as in PowerShell, then '\' and the subkey. '/' is an ordinary character in key names.
    /// </summary>
    public static (RegistryRoot Hive, string SubKey) ParsePath(string path)
    {
        var trimmed = path.Trim();
        var end = trimmed.IndexOf('\\', StringComparison.Ordinal);
        var head = end < 0 ? trimmed : trimmed[..end];
        var rest = end < 0 ? string.Empty : trimmed[(end + 1)..];
        head = head.EndsWith(':') ? head[..^1] : head;
        foreach (var (longName, shortName, hive) in Hives)
        {
            if (head.Equals(longName, StringComparison.OrdinalIgnoreCase) || head.Equals(shortName, StringComparison.OrdinalIgnoreCase))
            {
                var subKey = rest.Trim('\\');
                if (subKey.Contains(@"\\", StringComparison.Ordinal))
                {
                    throw new ItemFailedException($"input 'path' '{path}' has an empty key name between two '\\'");
                }

                return (hive, subKey);
            }
        }

        throw new ItemFailedException($"input 'path' '{path}' does not start with a registry hive; start it with HKEY_LOCAL_MACHINE\\ or HKLM:\\ (also HKEY_CURRENT_USER/HKCU, HKEY_CLASSES_ROOT/HKCR, HKEY_USERS/HKU, HKEY_CURRENT_CONFIG/HKCC)");
    }

    /// <summary>The value converted for the type; types compare case-insensitively.</summary>
    public static (RegistryType Kind, object Data) ParseValue(string type, JsonNode value) => type.Trim().ToUpperInvariant() switch
    {
        "SZ" => (RegistryType.String, Single(value, "SZ")),
        "EXPAND_SZ" => (RegistryType.ExpandString, Single(value, "EXPAND_SZ")),
        "MULTI_SZ" => (RegistryType.MultiString, MultiString(value)),
        "DWORD" => (RegistryType.DWord, unchecked((int)(uint)Number(value, "DWORD", uint.MaxValue))),
        "QWORD" => (RegistryType.QWord, unchecked((long)Number(value, "QWORD", ulong.MaxValue))),
        "BINARY" => (RegistryType.Binary, Binary(value)),
        _ => throw new ItemFailedException($"input 'type' is '{type}'; use one of BINARY, DWORD, QWORD, SZ, EXPAND_SZ, MULTI_SZ"),
    };

    private static string Single(JsonNode value, string type) => value is JsonValue scalar
        ? Text(scalar)
        : throw new ItemFailedException($"a {type} value is one string, not a list; use MULTI_SZ for a list of strings");

    private static string[] MultiString(JsonNode value)
    {
        if (value is JsonValue scalar)
        {
            return [Text(scalar)];
        }

        if (value is not JsonArray list)
        {
            throw new ItemFailedException("a MULTI_SZ value is a list of strings, not a mapping");
        }

        return [.. list.Select((entry, i) => entry is JsonValue s ? Text(s) : entry is null ? string.Empty
            : throw new ItemFailedException($"item {i + 1} of the MULTI_SZ value must be a string, not a {(entry is JsonArray ? "list" : "mapping")}"))];
    }

    /// <summary>A whole number from 0 to <paramref name="max"/>, decimal or hex with 0x.</summary>
    private static ulong Number(JsonNode value, string type, ulong max)
    {
        var text = value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? Text(scalar).Trim() : null;
        if (text is not null && TryParseUnsigned(text, out var number) && number <= max)
        {
            return number;
        }

        var shown = value is JsonValue v ? $"'{Text(v)}'" : value is JsonArray ? "a list" : "a mapping";
        throw new ItemFailedException($"a {type} value must be a whole number from 0 to {max.ToString(CultureInfo.InvariantCulture)} (decimal, or hex as 0x...), not {shown}");
    }

    private static bool TryParseUnsigned(string text, out ulong number)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number) && text.Length > 2;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>
    /// BINARY: a string of hex digit pairs ("0102ff", "0x0102FF", "01,02,ff", "01 02 ff"), or a list of bytes
    /// (numbers 0-255, decimal or 0x hex).
    /// </summary>
    private static byte[] Binary(JsonNode value)
    {
        if (value is JsonArray list)
        {
            return [.. list.Select((entry, i) => entry is JsonValue s && TryParseUnsigned(Text(s).Trim(), out var b) && b <= byte.MaxValue
                ? (byte)b
                : throw new ItemFailedException($"item {i + 1} of the BINARY value must be a byte from 0 to 255 (or 0x00 to 0xFF), not {entry?.ToJsonString() ?? "null"}"))];
        }

        if (value is not JsonValue scalar)
        {
            throw new ItemFailedException("a BINARY value is a string of hex digits or a list of bytes, not a mapping");
        }

        var text = Text(scalar).Trim();
        var digits = (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text)
            .Replace(",", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(":", string.Empty, StringComparison.Ordinal);
        if (digits.Length % 2 != 0 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new ItemFailedException($"a BINARY value must be pairs of hex digits (e.g. '0a1bff' or '0a,1b,ff') or a list of bytes, not '{text}'");
        }

        return Convert.FromHexString(digits);
    }

    private static string Text(JsonValue scalar) =>
        scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();

    /// <summary>The key path for messages, in the long form.</summary>
    public string KeyPath => Hives.First(h => h.Hive == Hive).Long + (SubKey.Length == 0 ? string.Empty : "\\" + SubKey);
}

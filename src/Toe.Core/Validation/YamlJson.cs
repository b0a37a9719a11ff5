using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Turns a <see cref="YNode"/> tree into the JSON instance the schema sees, typing plain scalars by
/// the YAML 1.2 core schema (<see cref="ScalarTyping"/>): <c>schemaVersion: 1.0</c> is a number,
/// <c>'1.0'</c> a string. Written with <see cref="Utf8JsonWriter"/> (no reflection, AOT-safe).
/// </summary>
internal static class YamlJson
{
    public static JsonDocument ToJsonDocument(YNode root)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, root);
        }

        // The reader bounds nesting (YamlReader.MaxNestingDepth); the JSON limits sit well above it.
        return JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 1000 });
    }

    /// <summary>
    /// The node at a JSON Pointer (as JsonSchema.Net prints instance locations), or the deepest node
    /// reached when the pointer goes further than the tree. Walking the tree is cheaper than keeping a
    /// pointer-to-node map for every node, and gives the same answer because keys are unique.
    /// </summary>
    public static YNode Find(YNode root, IReadOnlyList<string> segments, out YScalar? lastKey)
    {
        lastKey = null;
        var current = root;
        foreach (var segment in segments)
        {
            switch (current)
            {
                case YMapping map when map.GetKey(segment) is { } key:
                    lastKey = key;
                    current = map.Get(segment)!;
                    break;
                case YSequence list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Items.Count:
                    lastKey = null;
                    current = list.Items[index];
                    break;
                default:
                    return current;
            }
        }

        return current;
    }

    /// <summary>Splits a JSON Pointer such as <c>/phases/0/steps</c> into unescaped segments.</summary>
    public static IReadOnlyList<string> Segments(string pointer)
    {
        // Schema locations may carry a URI fragment marker ("#/..."); instance locations do not.
        var text = pointer.StartsWith('#') ? pointer[1..] : pointer;
        if (text.Length == 0)
        {
            return [];
        }

        return text[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static void Write(Utf8JsonWriter writer, YNode node)
    {
        switch (node)
        {
            case YMapping map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case YSequence list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YScalar scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                return;
            case ScalarKind.Boolean when ScalarTyping.TryGetBoolean(scalar, out var flag):
                writer.WriteBooleanValue(flag);
                return;
            case ScalarKind.Integer when TryParseInteger(scalar.Value, out var integer):
                writer.WriteRawValue(integer.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                return;
            case ScalarKind.Float when decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumberValue(number);
                return;
            case ScalarKind.Float when ScalarTyping.TryGetDouble(scalar, out var real) && double.IsFinite(real):
                writer.WriteNumberValue(real);
                return;
            default:
                // Strings, and the numbers JSON cannot hold (.inf, .nan): the schema then sees their text.
                writer.WriteStringValue(scalar.Value);
                return;
        }
    }

    /// <summary>YAML 1.2 core integers: decimal with optional sign (leading zeros allowed), 0o octal, 0x hex.</summary>
    private static bool TryParseInteger(string text, out BigInteger value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = BigInteger.Zero;
            foreach (var digit in text[2..])
            {
                if (digit is < '0' or > '7')
                {
                    return false;
                }

                value = (value * 8) + (digit - '0');
            }

            return text.Length > 2;
        }

        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

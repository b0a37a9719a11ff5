using System.Text;

namespace Toe.Actions.FileSystem;

/// <summary>
/// The <c>encoding</c> input of AppendFile, CreateFile, ReadFile and SetFileEncoding: utf8, utf16 and
/// utf32 in the documented spellings (utf8/utf-8, utf16/utf-16, utf16-LE/utf-16-LE, utf16-BE/utf-16-BE,
/// and the same for 32), case-insensitive; utf16 and utf32 without a suffix are little-endian.
/// Byte-order marks (docs/compatibility.md): the unsuffixed utf16/utf32 write one, as most tools do for
/// "UTF-16"; the -LE/-BE spellings and utf8 write none. Reading honours a BOM when the file has one.
/// </summary>
public static class TextEncodings
{
    public const string Default = "utf8";

    /// <summary>The documented spellings, for messages.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "utf8", "utf-8", "utf16", "utf-16", "utf16-LE", "utf-16-LE", "utf16-BE", "utf-16-BE",
        "utf32", "utf-32", "utf32-LE", "utf-32-LE", "utf32-BE", "utf-32-BE",
    ];

    /// <summary>The encoding for an input value (null: the default, utf8); an unknown name is a failure naming the accepted ones.</summary>
    public static Encoding Parse(string? name, string input = "encoding")
    {
        if (name is null)
        {
            return Utf8;
        }

        return name.Trim().ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
        {
            "UTF8" => Utf8,
            "UTF16" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
            "UTF16LE" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
            "UTF16BE" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
            "UTF32" => new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true),
            "UTF32LE" => new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true),
            "UTF32BE" => new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true),
            _ => throw new ItemFailedException($"input '{input}': unknown encoding '{name}'; use one of {string.Join(", ", Names)} (any case)"),
        };
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes to write for <paramref name="text"/>, with the encoding's BOM when it has one.</summary>
    public static byte[] Encode(Encoding encoding, string text, bool withPreamble)
    {
        var preamble = withPreamble ? encoding.GetPreamble() : [];
        var body = encoding.GetBytes(text);
        return preamble.Length == 0 ? body : [.. preamble, .. body];
    }

    /// <summary>
    /// Decodes file bytes: a BOM in the file wins over <paramref name="encoding"/> and is not part of the text.
    /// Invalid bytes for the encoding are a failure, not replacement characters.
    /// </summary>
    public static string Decode(Encoding encoding, byte[] bytes, string path)
    {
        var (detected, skip) = DetectBom(bytes);
        var effective = detected ?? encoding;
        try
        {
            return effective.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            throw new ItemFailedException($"'{path}' is not valid {effective.WebName} text; give the file's encoding with the 'encoding' input");
        }
    }

    /// <summary>The encoding a byte-order mark at the start of <paramref name="b"/> announces, and the mark's length; (null, 0) without one.</summary>
    public static (Encoding? Encoding, int Length) DetectBom(byte[] b)
    {
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        {
            return (new UTF32Encoding(false, false, true), 4);
        }

        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        {
            return (new UTF32Encoding(true, false, true), 4);
        }

        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        {
            return (Utf8, 3);
        }

        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        {
            return (new UnicodeEncoding(false, false, true), 2);
        }

        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        {
            return (new UnicodeEncoding(true, false, true), 2);
        }

        return (null, 0);
    }
}

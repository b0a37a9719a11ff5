using System.Text;
using Toe.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Toe.Documents;

/// <summary>
/// Reads YAML text into a <see cref="YNode"/> tree with positions, using YamlDotNet's event parser
/// (no reflection, so it is AOT-safe). Never throws for bad input: every problem becomes a diagnostic.
/// </summary>
public static class YamlReader
{
    /// <summary>Documents larger than this are refused before parsing; the Image Builder API itself caps inline data far lower.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>Bound on nodes after alias expansion, so that "billion laughs" documents fail fast instead of exhausting memory.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// Bound on nesting (lists and mappings inside each other). Real documents stay under 20 levels;
    /// without a bound, a 200 KB file of '[' overflows the stack and kills the process.
    /// </summary>
    public const int MaxNestingDepth = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public sealed record Result(YNode? Root, IReadOnlyList<Diagnostic> Diagnostics, string? Text);

    public static Result ReadFile(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(name), "this is a folder, not a document file; give the path of a .yml or .yaml file"));
            }

            if (!info.Exists)
            {
                return Fail(Diagnostic.Error(DiagnosticCodes.FileNotFound, SourceLocation.StartOf(name), "file not found; check the path (relative paths are taken from the current folder)"));
            }

            if (info.Length > MaxDocumentBytes)
            {
                return Fail(TooLarge(name, info.Length));
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(name), "permission denied reading the file; check its permissions"));
        }
        catch (IOException ex)
        {
            return Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(name), $"cannot read the file: {ex.Message}"));
        }

        return ReadBytes(bytes, name);
    }

    public static Result ReadBytes(byte[] bytes, string name)
    {
        if (bytes.Length > MaxDocumentBytes)
        {
            return Fail(TooLarge(name, bytes.Length));
        }

        string text;
        try
        {
            text = Decode(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            var location = LocationOfByte(bytes, offset, name);
            return Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, location, "the file is not UTF-8 text (YAML documents must be UTF-8 or UTF-16 with a byte-order mark)"));
        }

        return ReadText(text, name);
    }

    public static Result ReadText(string text, string name)
    {
        var diagnostics = new List<Diagnostic>();
        try
        {
            var builder = new TreeBuilder(name, diagnostics);
            var root = builder.Build(new Parser(new StringReader(text)));
            return new Result(root, diagnostics, text);
        }
        catch (NestingLimitException ex)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NestingTooDeep, ex.Location, $"the document nests lists and mappings more than {MaxNestingDepth} levels deep; a component document needs far fewer"));
        }
        catch (AliasLimitException ex)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.AliasExpansionLimit, ex.Location, $"the document expands to more than {MaxExpandedNodes:N0} nodes (or {MaxExpandedNodes * 64 / (1024 * 1024)} MiB of text) through YAML aliases (an alias bomb?); remove the repeated aliases"));
        }
        catch (YamlException ex)
        {
            var location = new SourceLocation(name, (int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, location, $"YAML syntax: {Describe(ex)}"));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, SourceLocation.StartOf(name), $"YAML syntax: {ex.Message}"));
        }

        return new Result(null, diagnostics, text);
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; the location is printed separately.
        var message = ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        message = message.Trim().TrimEnd('.');
        return message.Length == 0 ? "the text is not valid YAML" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    private static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return StrictUtf8.GetString(bytes, start, bytes.Length - start);
    }

    private static SourceLocation LocationOfByte(byte[] bytes, int offset, string name)
    {
        int line = 1, column = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new SourceLocation(name, line, column);
    }

    private static Diagnostic TooLarge(string name, long length) =>
        Diagnostic.Error(DiagnosticCodes.DocumentTooLarge, SourceLocation.StartOf(name), $"the document is {length / (1024.0 * 1024.0):F1} MiB; Toe reads documents up to {MaxDocumentBytes / (1024 * 1024)} MiB");

    private static Result Fail(Diagnostic diagnostic) => new(null, [diagnostic], null);

    private sealed class NestingLimitException(SourceLocation location) : Exception
    {
        public SourceLocation Location { get; } = location;
    }

    private sealed class AliasLimitException(SourceLocation location) : Exception
    {
        public SourceLocation Location { get; } = location;
    }

    private sealed class TreeBuilder(string name, List<Diagnostic> diagnostics)
    {
        private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
        private long _expanded;
        private int _depth;

        public YNode? Build(IParser parser)
        {
            parser.Consume<StreamStart>();
            YNode? root = null;
            var documents = 0;
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                documents++;
                if (documents == 2)
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.MultipleDocuments, At(start.Start), "the file holds more than one YAML document (a second '---'); a component document file holds exactly one"));
                }

                var node = ReadNode(parser);
                root ??= node;
                parser.Consume<DocumentEnd>();
                _anchors.Clear();
            }

            parser.Consume<StreamEnd>();
            return root;
        }

        private SourceLocation At(Mark mark) => new(name, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

        private YNode ReadNode(IParser parser)
        {
            var current = parser.Current ?? throw new InvalidOperationException("unexpected end of YAML stream");
            YNode node;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value} refers to an anchor that is not defined before it; a value that starts with '*' (a wildcard such as *{alias.Value}) must be quoted: '*{alias.Value}'");
                    }

                    // An alias stands for a whole copy of its target: count it as such, which is what
                    // bounds alias bombs (each level multiplies the weight).
                    Count(target.Weight, alias.Start);
                    return target;
                case Scalar scalar:
                    parser.MoveNext();
                    node = new YScalar(At(scalar.Start), scalar.Value, StyleOf(scalar), TagOf(scalar));
                    Count(node.Weight, scalar.Start);
                    break;
                case SequenceStart sequenceStart:
                    parser.MoveNext();
                    var sequence = new YSequence(At(sequenceStart.Start));
                    Count(1, sequenceStart.Start);
                    Enter(sequenceStart.Start);
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        sequence.Add(ReadNode(parser));
                    }

                    _depth--;
                    node = sequence;
                    Remember(sequenceStart.Anchor, node);
                    return node;
                case MappingStart mappingStart:
                    parser.MoveNext();
                    var mapping = new YMapping(At(mappingStart.Start));
                    Count(1, mappingStart.Start);
                    Enter(mappingStart.Start);
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var key = ReadNode(parser);
                        var value = ReadNode(parser);
                        if (key is not YScalar scalarKey)
                        {
                            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.YamlSyntax, key.Location, "a mapping key must be a plain value, not a list or mapping"));
                            continue;
                        }

                        if (scalarKey.Value == "<<" && scalarKey.IsPlain && value is YMapping merged)
                        {
                            foreach (var entry in merged.Entries)
                            {
                                mapping.Add(entry.Key, entry.Value);
                            }

                            continue;
                        }

                        if (!mapping.Add(scalarKey, value))
                        {
                            var first = mapping.GetKey(scalarKey.Value)!;
                            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DuplicateKey, scalarKey.Location, $"duplicate key '{scalarKey.Value}' (first written at line {first.Location.Line}); YAML keys must be unique within a mapping"));
                        }

                    }

                    _depth--;
                    node = mapping;
                    Remember(mappingStart.Anchor, node);
                    return node;
                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }

            if (current is NodeEvent nodeEvent)
            {
                Remember(nodeEvent.Anchor, node);
            }

            return node;
        }

        private void Remember(AnchorName anchor, YNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
        }

        private void Enter(Mark at)
        {
            if (++_depth > MaxNestingDepth)
            {
                throw new NestingLimitException(At(at));
            }
        }

        private void Count(long weight, Mark at)
        {
            _expanded += weight;
            if (_expanded > MaxExpandedNodes)
            {
                throw new AliasLimitException(At(at));
            }
        }

        private static ScalarStyle StyleOf(Scalar scalar) => scalar.Style switch
        {
            YScalarStyle.SingleQuoted or YScalarStyle.DoubleQuoted => ScalarStyle.Quoted,
            YScalarStyle.Literal or YScalarStyle.Folded => ScalarStyle.Block,
            _ => ScalarStyle.Plain,
        };

        private static string? TagOf(Scalar scalar) => scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
    }
}

using Toe.Diagnostics;

namespace Toe.Documents;

/// <summary>
/// A YAML node that remembers where it was written. Toe keeps its own small tree rather than
/// YamlDotNet's representation model so that every node carries file, line and column, duplicate
/// keys are reported instead of thrown, and alias expansion can be bounded (alias bombs).
/// </summary>
public abstract class YNode
{
    protected YNode(SourceLocation location) => Location = location;

    public SourceLocation Location { get; }

    /// <summary>The number of nodes this node stands for once aliases are expanded.</summary>
    public long Weight { get; protected set; } = 1;

    /// <summary>A short name of the node's kind for messages: "a mapping", "a list", "a string".</summary>
    public abstract string KindDescription { get; }
}

/// <summary>How a scalar was written; only plain scalars get implicit types (numbers, booleans, null).</summary>
public enum ScalarStyle
{
    Plain,
    Quoted,
    Block,
}

public sealed class YScalar : YNode
{
    public YScalar(SourceLocation location, string value, ScalarStyle style, string? tag = null)
        : base(location)
    {
        Value = value;
        Style = style;
        Tag = tag;

        // A long string counts as many nodes (one per 64 characters), so that the alias-expansion
        // bound also bounds bytes: one 4 MB string aliased a thousand times is as much of a bomb as
        // a million small nodes.
        Weight = 1 + (value.Length / 64);
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public string? Tag { get; }

    public bool IsPlain => Style == ScalarStyle.Plain && (Tag is null || Tag == "!");

    /// <summary>The YAML 1.2 core-schema type of the scalar, as a JSON instance would see it.</summary>
    public ScalarKind Kind => ScalarTyping.Classify(this);

    public bool IsNull => Kind == ScalarKind.Null;

    public override string KindDescription => Kind switch
    {
        ScalarKind.Null => "empty (null)",
        ScalarKind.Boolean => "a boolean",
        ScalarKind.Integer or ScalarKind.Float => "a number",
        _ => "a string",
    };

    public override string ToString() => Value;
}

public sealed class YSequence : YNode
{
    private readonly List<YNode> _items = [];

    public YSequence(SourceLocation location)
        : base(location)
    {
    }

    public IReadOnlyList<YNode> Items => _items;

    public override string KindDescription => "a list";

    internal void Add(YNode node)
    {
        _items.Add(node);
        Weight += node.Weight;
    }
}

public sealed class YMapping : YNode
{
    private readonly List<KeyValuePair<YScalar, YNode>> _entries = [];

    public YMapping(SourceLocation location)
        : base(location)
    {
    }

    /// <summary>Entries in the order written. Keys are scalars; complex keys are rejected while reading.</summary>
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries => _entries;

    public override string KindDescription => "a mapping";

    public IEnumerable<string> Keys => _entries.Select(e => e.Key.Value);

    public YNode? this[string key] => Get(key);

    public YNode? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public YScalar? GetKey(string key) => _entries.FirstOrDefault(e => e.Key.Value == key).Key;

    public bool ContainsKey(string key) => _entries.Any(e => e.Key.Value == key);

    internal bool Add(YScalar key, YNode value)
    {
        if (ContainsKey(key.Value))
        {
            return false;
        }

        _entries.Add(new(key, value));
        Weight += value.Weight + 1;
        return true;
    }
}

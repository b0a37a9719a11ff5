using System.Globalization;
using System.Text.Json.Nodes;
using Toe.Documents;

namespace Toe.Engine;

/// <summary>
/// The iteration variables of one iteration, for <c>{{ loop.index }}</c> / <c>{{ loop.value }}</c> /
/// <c>{{ &lt;name&gt;.index|value }}</c>. A placeholder (no iteration) leaves loop references as written:
/// the step report and chaining keep one copy of the inputs instead of one per iteration.
/// </summary>
internal sealed record LoopIteration(string Name, int Index, string Value, bool IsPlaceholder = false)
{
    public static LoopIteration Placeholder(string name) => new(name, -1, string.Empty, IsPlaceholder: true);
}

/// <summary>
/// A step's <c>loop</c> resolved for one run (looping constructs page): its name and the values it
/// iterates over. <c>for</c> values are computed on demand, so a long range costs no memory.
/// </summary>
internal sealed class LoopExpansion
{
    /// <summary><c>{{ loop.* }}</c> always names the running step's loop, named or not.</summary>
    public const string DefaultName = "loop";

    /// <summary>The documented delimiters of <c>forEach: {list, delimiter}</c>.</summary>
    private const string Delimiters = ".,;:\n\t -_";

    private readonly long _start;
    private readonly long _updateBy;
    private readonly long _end;
    private readonly IReadOnlyList<string>? _items;
    private readonly string? _delimiter;

    private LoopExpansion(string? writtenName, long start, long end, long updateBy, int count)
    {
        WrittenName = writtenName;
        Kind = "for";
        _start = start;
        _end = end;
        _updateBy = updateBy;
        Count = count;
    }

    private LoopExpansion(string? writtenName, IReadOnlyList<string> items, string? delimiter)
    {
        WrittenName = writtenName;
        Kind = "forEach";
        _items = items;
        _delimiter = delimiter;
        Count = items.Count;
    }

    /// <summary>The loop's <c>name</c> as written; null when it has none.</summary>
    public string? WrittenName { get; }

    /// <summary>The name iteration references may use besides <c>loop</c>.</summary>
    public string Name => WrittenName ?? DefaultName;

    /// <summary>"for" or "forEach".</summary>
    public string Kind { get; }

    public int Count { get; }

    public LoopIteration Iteration(int index) => new(Name, index, ValueAt(index));

    /// <summary>Iteration values are strings ("Looping constructs support only string data types").</summary>
    public string ValueAt(int index) => _items is not null
        ? _items[index]
        : ((Int128)_start + ((Int128)index * _updateBy)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Resolves a step's loop. <paramref name="render"/> substitutes references in a string; its second
    /// argument says whether chaining is allowed there (only in forEach lists, as documented).
    /// Problems go to <paramref name="errors"/> and null is returned.
    /// </summary>
    public static LoopExpansion? Create(YNode loop, Func<string, bool, string> render, List<string> errors)
    {
        if (loop is not YMapping map)
        {
            errors.Add("loop must be a mapping with 'for' or 'forEach'");
            return null;
        }

        var name = WrittenNameOf(map);
        return (map["for"], map["forEach"]) switch
        {
            (YMapping range, null) => CreateFor(name, range, render, errors),
            (null, YSequence list) => CreateForEach(name, list, render, errors),
            (null, YMapping delimited) => CreateDelimited(name, delimited, render, errors),
            _ => Fail(errors, "loop must have exactly one of 'for' (start, end, updateBy) or 'forEach' (a list, or a mapping with list and delimiter)"),
        };
    }

    /// <summary>
    /// The loop's name as written, null when absent or empty. It is matched against references as written,
    /// like the validator does (it is not rendered).
    /// </summary>
    public static string? WrittenNameOf(YNode loop) =>
        loop is YMapping map && map["name"] is YScalar { IsNull: false, Value.Length: > 0 } written ? written.Value : null;

    /// <summary>What detailedoutput.json says about the loop: small whatever the iteration count.</summary>
    public JsonObject Describe(LoopProgress progress)
    {
        var node = new JsonObject
        {
            ["name"] = WrittenName ?? string.Empty,
            ["type"] = Kind,
        };
        if (_items is null)
        {
            node["start"] = _start;
            node["end"] = _end;
            node["updateBy"] = _updateBy;
        }
        else if (_delimiter is not null)
        {
            node["delimiter"] = _delimiter;
        }

        node["iterationCount"] = Count;
        node["succeededIterationCount"] = progress.Succeeded;
        node["failedIterationIndex"] = progress.FailedIndex;
        return node;
    }

    private static LoopExpansion? CreateFor(string? name, YMapping range, Func<string, bool, string> render, List<string> errors)
    {
        var start = Integer(range, "start", render, errors);
        var end = Integer(range, "end", render, errors);
        var by = Integer(range, "updateBy", render, errors);
        if (start is null || end is null || by is null)
        {
            return null;
        }

        // The validator rejects these when the values are written as numbers; a parameter can still
        // produce them, so they are checked again here rather than looping forever.
        if (by == 0)
        {
            return Fail(errors, "loop.for.updateBy is 0, so the loop would never end");
        }

        if ((start < end && by < 0) || (start > end && by > 0))
        {
            return Fail(errors, $"loop.for counts {(by < 0 ? "down" : "up")} from {start} by {by}, so it never reaches {end}");
        }

        var count = (((Int128)end.Value - start.Value) / by.Value) + 1;
        if (count > int.MaxValue)
        {
            return Fail(errors, $"loop.for from {start} to {end} by {by} has {count} iterations; at most {int.MaxValue} are supported");
        }

        return new LoopExpansion(name, start.Value, end.Value, by.Value, (int)count);
    }

    private static LoopExpansion? CreateForEach(string? name, YSequence list, Func<string, bool, string> render, List<string> errors)
    {
        var items = new List<string>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item is not YScalar scalar)
            {
                return Fail(errors, $"loop.forEach item {items.Count} is a {item.KindDescription}; items must be strings");
            }

            items.Add(render(scalar.Value, true));
        }

        return new LoopExpansion(name, items, delimiter: null);
    }

    private static LoopExpansion? CreateDelimited(string? name, YMapping delimited, Func<string, bool, string> render, List<string> errors)
    {
        if (delimited["list"] is not YScalar list)
        {
            return Fail(errors, "loop.forEach.list must be a string");
        }

        var delimiter = delimited["delimiter"] is YScalar { IsNull: false } d ? render(d.Value, false) : ",";
        if (delimiter.Length != 1 || !Delimiters.Contains(delimiter[0], StringComparison.Ordinal))
        {
            return Fail(errors, $"loop.forEach.delimiter is '{delimiter.ReplaceLineEndings("\\n").Replace("\t", "\\t", StringComparison.Ordinal)}'; it must be one of . , ; : \\n \\t space - _");
        }

        // Empty pieces are dropped: chained stdout usually ends with the delimiter ("a\nb\n"), and an
        // iteration with an empty value would run the module on nothing (docs/compatibility.md, "Loops").
        var items = render(list.Value, true).Split(delimiter[0], StringSplitOptions.RemoveEmptyEntries);
        return new LoopExpansion(name, items, delimiter);
    }

    private static long? Integer(YMapping range, string key, Func<string, bool, string> render, List<string> errors)
    {
        if (range[key] is not YScalar scalar)
        {
            errors.Add($"loop.for.{key} is missing; it must be a whole number");
            return null;
        }

        var text = render(scalar.Value, false);
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"loop.for.{key} is '{text}'; it must be a whole number");
            return null;
        }

        return value;
    }

    private static LoopExpansion? Fail(List<string> errors, string message)
    {
        errors.Add(message);
        return null;
    }
}

/// <summary>How far the loop got in the latest attempt (reset at the start of every attempt).</summary>
internal sealed class LoopProgress
{
    /// <summary>The iteration running or last run; -1 before the first.</summary>
    public int Current { get; set; } = -1;

    public int Succeeded { get; set; }

    public int? FailedIndex { get; set; }

    public void Reset()
    {
        Current = -1;
        Succeeded = 0;
        FailedIndex = null;
    }
}

using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Finds where a <c>{{ ... }}</c> reference inside a scalar was written, so that a diagnostic points
/// at the reference itself rather than at the start of a long script. Searches the source text from
/// the scalar's start; when the written form differs from the value (escapes in a double-quoted
/// string), it falls back to the scalar's position.
/// </summary>
internal sealed class ReferenceLocator(string text)
{
    private int[]? _lineStarts;

    /// <summary>The positions of each occurrence of <paramref name="pieces"/> (in order) inside <paramref name="scalar"/>.</summary>
    public IReadOnlyList<SourceLocation> Locate(YScalar scalar, IReadOnlyList<string> pieces)
    {
        var result = new SourceLocation[pieces.Count];
        var starts = _lineStarts ??= LineStarts(text);
        var line = scalar.Location.Line - 1;
        var cursor = line < starts.Length ? Math.Min(text.Length, starts[line] + scalar.Location.Column - 1) : text.Length;

        // The written scalar is at most a little longer than its value (quotes, indentation, folding).
        var limit = Math.Min(text.Length, cursor + (scalar.Value.Length * 2) + 256);
        for (var i = 0; i < pieces.Count; i++)
        {
            var found = cursor < limit ? text.IndexOf(pieces[i], cursor, limit - cursor, StringComparison.Ordinal) : -1;
            if (found < 0)
            {
                result[i] = scalar.Location;
                continue;
            }

            result[i] = At(starts, found, scalar.Location.File);
            cursor = found + pieces[i].Length;
        }

        return result;
    }

    private static SourceLocation At(int[] starts, int offset, string file)
    {
        var index = Array.BinarySearch(starts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourceLocation(file, line + 1, offset - starts[line] + 1);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}

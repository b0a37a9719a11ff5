using System.Text;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// Collects the stdout lines of a helper program a module runs to ask something (dpkg-query, apt-mark showhold,
/// Get-AuthenticodeSignature), without putting them in the step's stdout output; stderr is passed on to
/// <c>stderr</c> (console.log) so problems stay visible. Not a module.
/// </summary>
internal sealed class OutputCollector : IOutputSink
{
    private readonly IOutputSink? _stderr;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();

    public OutputCollector(IOutputSink? stderr)
    {
        _stderr = stderr;
    }

    /// <summary>The stdout lines, in order, without line ends.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
    {
        if (kind == OutputKind.Stderr)
        {
            _stderr?.Write(kind, data, endOfLine);
            return;
        }

        lock (_lock)
        {
            _partial.Append(Encoding.UTF8.GetString(data));
            if (endOfLine)
            {
                _lines.Add(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
        }
    }
}

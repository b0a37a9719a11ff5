using System.Text;
using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions;

/// <summary>
/// Passes a program's output on to the step output (console.log gets every byte) and keeps the
/// first <c>limit</c> bytes of stdout for the module's <c>stdout</c> output. Not a module.
/// </summary>
internal sealed class StdoutCapture : IOutputSink
{
    private readonly IOutputSink _inner;
    private readonly int _limit;
    private readonly Lock _lock = new();
    private readonly MemoryStream _kept = new();

    public StdoutCapture(IOutputSink inner, int limit)
    {
        _inner = inner;
        _limit = limit;
    }

    /// <summary>True when stdout was longer than the limit and only its beginning was kept.</summary>
    public bool Truncated { get; private set; }

    public long TotalBytes { get; private set; }

    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine)
    {
        _inner.Write(kind, data, endOfLine);
        if (kind != OutputKind.Stdout)
        {
            return;
        }

        lock (_lock)
        {
            TotalBytes += data.Length + (endOfLine ? 1 : 0);
            Keep(data);
            if (endOfLine)
            {
                Keep("\n"u8);
            }
        }
    }

    /// <summary>The kept stdout as text, with one final newline removed (as AWSTOE's stdout output shows it).</summary>
    public string Text()
    {
        lock (_lock)
        {
            var bytes = _kept.GetBuffer().AsSpan(0, (int)_kept.Length);
            if (!Truncated && bytes.Length > 0 && bytes[^1] == (byte)'\n')
            {
                bytes = bytes[..^1];
                if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
                {
                    bytes = bytes[..^1];
                }
            }

            // Cut at a character boundary when the limit fell inside a UTF-8 sequence.
            while (Truncated && bytes.Length > 0 && (bytes[^1] & 0xC0) == 0x80)
            {
                bytes = bytes[..^1];
            }

            if (Truncated && bytes.Length > 0 && bytes[^1] >= 0xC0)
            {
                bytes = bytes[..^1];
            }

            return Encoding.UTF8.GetString(bytes);
        }
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        var room = _limit - (int)_kept.Length;
        if (data.Length > room)
        {
            Truncated = true;
            data = data[..Math.Max(room, 0)];
        }

        _kept.Write(data);
    }
}

using System.Buffers;

namespace Toe.Processes;

/// <summary>
/// Cuts one output stream of a child into lines for an <see cref="IOutputSink"/>, in bounded memory: at most
/// <see cref="OutputPump.MaxLineBytes"/> of an unfinished line is held. Feed it what the pipe gives, in any pieces,
/// then <see cref="Finish"/> once at the end of the stream. Not thread-safe: one splitter per stream.
/// </summary>
internal sealed class LineSplitter : IDisposable
{
    private readonly OutputKind _kind;
    private readonly IOutputSink _sink;
    private byte[]? _pending;
    private int _pendingLength;

    public LineSplitter(OutputKind kind, IOutputSink sink)
    {
        _kind = kind;
        _sink = sink;
    }

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (chunk.Length > 0)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(chunk);
                return;
            }

            var line = chunk[..newline];
            if (_pendingLength == 0)
            {
                _sink.Write(_kind, line, endOfLine: true);
            }
            else
            {
                Append(line);
                _sink.Write(_kind, _pending.AsSpan(0, _pendingLength), endOfLine: true);
                _pendingLength = 0;
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Hands on a last line that had no final newline.</summary>
    public void Finish()
    {
        if (_pendingLength > 0)
        {
            _sink.Write(_kind, _pending.AsSpan(0, _pendingLength), endOfLine: true);
            _pendingLength = 0;
        }
    }

    public void Dispose()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            _pending ??= ArrayPool<byte>.Shared.Rent(OutputPump.MaxLineBytes);
            var take = Math.Min(OutputPump.MaxLineBytes - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength == OutputPump.MaxLineBytes)
            {
                _sink.Write(_kind, _pending.AsSpan(0, _pendingLength), endOfLine: false);
                _pendingLength = 0;
            }
        }
    }
}

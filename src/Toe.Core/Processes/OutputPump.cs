using System.Buffers;

namespace Toe.Processes;

/// <summary>
/// Copies a child's output stream to an <see cref="IOutputSink"/> line by line, in bounded memory:
/// one read buffer plus at most <see cref="MaxLineBytes"/> of an unfinished line.
/// </summary>
public static class OutputPump
{
    /// <summary>Longer lines are handed on in pieces of this size.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private const int ReadBufferBytes = 64 * 1024;

    public static async Task PumpAsync(Stream source, OutputKind kind, IOutputSink sink, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        byte[]? pending = null;
        var pendingLength = 0;
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, ReadBufferBytes), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var chunk = buffer.AsSpan(0, read);
                while (chunk.Length > 0)
                {
                    var newline = chunk.IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        Append(ref pending, ref pendingLength, chunk, kind, sink);
                        break;
                    }

                    var line = chunk[..newline];
                    if (pendingLength == 0)
                    {
                        sink.Write(kind, line, endOfLine: true);
                    }
                    else
                    {
                        Append(ref pending, ref pendingLength, line, kind, sink);
                        sink.Write(kind, pending.AsSpan(0, pendingLength), endOfLine: true);
                        pendingLength = 0;
                    }

                    chunk = chunk[(newline + 1)..];
                }
            }

            if (pendingLength > 0)
            {
                sink.Write(kind, pending.AsSpan(0, pendingLength), endOfLine: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (pending is not null)
            {
                ArrayPool<byte>.Shared.Return(pending);
            }
        }
    }

    private static void Append(ref byte[]? pending, ref int pendingLength, ReadOnlySpan<byte> data, OutputKind kind, IOutputSink sink)
    {
        while (data.Length > 0)
        {
            pending ??= ArrayPool<byte>.Shared.Rent(MaxLineBytes);
            var room = MaxLineBytes - pendingLength;
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(pending.AsSpan(pendingLength));
            pendingLength += take;
            data = data[take..];
            if (pendingLength == MaxLineBytes)
            {
                sink.Write(kind, pending.AsSpan(0, pendingLength), endOfLine: false);
                pendingLength = 0;
            }
        }
    }
}

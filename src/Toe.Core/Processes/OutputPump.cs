using System.Buffers;

namespace Toe.Processes;

/// <summary>
/// Copies a child's output stream to an <see cref="IOutputSink"/> line by line, in bounded memory:
/// one read buffer plus at most <see cref="MaxLineBytes"/> of an unfinished line (<see cref="LineSplitter"/>).
/// </summary>
public static class OutputPump
{
    /// <summary>Longer lines are handed on in pieces of this size.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    internal const int ReadBufferBytes = 64 * 1024;

    public static async Task PumpAsync(Stream source, OutputKind kind, IOutputSink sink, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        using var lines = new LineSplitter(kind, sink);
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, ReadBufferBytes), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                lines.Feed(buffer.AsSpan(0, read));
            }

            lines.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

using System.Text;
using Toe.Processes;

namespace Toe.Logging;

/// <summary>
/// console.log: every line every step prints, stdout and stderr interleaved as they arrive, bytes
/// as the program wrote them (plain lines, no prefix), through the secret masker. Flushed twice a
/// second so <c>tail -f</c> follows it. Thread-safe.
/// </summary>
public sealed class ConsoleLog : IDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly ISecretMasker _masker;
    private readonly Timer _flushTimer;
    private bool _dirty;
    private bool _disposed;

    public ConsoleLog(string path, ISecretMasker masker)
    {
        _masker = masker;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);
        _flushTimer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    public string Path => _file.Name;

    public void Write(ReadOnlySpan<byte> data, bool endOfLine)
    {
        byte[]? masked = null;
        if (_masker.HasSecrets)
        {
            masked = Encoding.UTF8.GetBytes(_masker.Mask(Encoding.UTF8.GetString(data)));
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _file.Write(masked is null ? data : masked);
            if (endOfLine)
            {
                _file.WriteByte((byte)'\n');
            }

            _dirty = true;
        }
    }

    public void WriteLine(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(_masker.Mask(text));
        Write(bytes, endOfLine: true);
    }

    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed || !_dirty)
            {
                return;
            }

            try
            {
                _file.Flush();
                _dirty = false;
            }
            catch (IOException)
            {
                // A full disk must not take the run down from a timer thread; the next write reports it.
            }
        }
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _file.Dispose();
        }
    }
}

/// <summary>Adapts <see cref="ConsoleLog"/> to a process output sink (stdout and stderr go to the same file).</summary>
public sealed class ConsoleLogSink(ConsoleLog log) : IOutputSink
{
    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine) => log.Write(data, endOfLine);
}

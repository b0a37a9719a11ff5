using System.Text;
using Toe.Processes;

namespace Toe.Logging;

/// <summary>
/// console.log: every line every step prints, stdout and stderr interleaved as they arrive, bytes
/// as the program wrote them (plain lines, no prefix), through the secret masker. Flushed twice a
/// second so <c>tail -f</c> follows it. Thread-safe. Never throws for a full or failing disk: the
/// first failure is kept in <see cref="Failure"/> (the engine reports it in the run summary) and
/// writing stops, so the run still ends with its summary and reports. An optional mirror receives the
/// same masked lines (whole lines: pieces of a line are joined first).
/// </summary>
public sealed class ConsoleLog : IDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly ISecretMasker _masker;
    private readonly Timer _flushTimer;
    private readonly IConsoleLineSink? _mirror;
    private readonly MemoryStream _mirrorLine = new();
    private bool _dirty;
    private bool _disposed;
    private string? _failure;

    /// <param name="append">A run resumed after a reboot goes on writing the same console.log.</param>
    /// <param name="mirror">Receives every line as well (CloudWatch Logs); null for none.</param>
    public ConsoleLog(string path, ISecretMasker masker, bool append = false, IConsoleLineSink? mirror = null)
    {
        _masker = masker;
        _mirror = mirror;
        _file = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);
        _flushTimer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    public string Path => _file.Name;

    /// <summary>Why console.log is incomplete, or null when every byte was written.</summary>
    public string? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

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

            Mirror(masked is null ? data : masked, endOfLine);
            if (_failure is not null)
            {
                return;
            }

            try
            {
                _file.Write(masked is null ? data : masked);
                if (endOfLine)
                {
                    _file.WriteByte((byte)'\n');
                }

                _dirty = true;
            }
            catch (IOException ex)
            {
                Fail(ex);
            }
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
            if (_disposed || !_dirty || _failure is not null)
            {
                return;
            }

            try
            {
                _file.Flush();
                _dirty = false;
            }
            catch (IOException ex)
            {
                // A full disk must not take the run down, least of all from a timer thread.
                Fail(ex);
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
            if (_mirrorLine.Length > 0)
            {
                Mirror([], endOfLine: true); // A last line without its line break still reaches the mirror.
            }

            try
            {
                _file.Dispose();
            }
            catch (IOException ex)
            {
                Fail(ex);
            }
        }
    }

    /// <summary>Joins the pieces of a line and hands whole lines to the mirror (called under the lock, so in order).</summary>
    private void Mirror(ReadOnlySpan<byte> data, bool endOfLine)
    {
        if (_mirror is null)
        {
            return;
        }

        if (!endOfLine)
        {
            _mirrorLine.Write(data);
            return;
        }

        string line;
        if (_mirrorLine.Length == 0)
        {
            line = Encoding.UTF8.GetString(data);
        }
        else
        {
            _mirrorLine.Write(data);
            line = Encoding.UTF8.GetString(_mirrorLine.GetBuffer(), 0, (int)_mirrorLine.Length);
            _mirrorLine.SetLength(0);
        }

        _mirror.WriteLine(line);
    }

    private void Fail(IOException ex) => _failure ??= $"console.log is incomplete: {ex.Message}";
}

/// <summary>Adapts <see cref="ConsoleLog"/> to a process output sink (stdout and stderr go to the same file).</summary>
public sealed class ConsoleLogSink(ConsoleLog log) : IOutputSink
{
    public void Write(OutputKind kind, ReadOnlySpan<byte> data, bool endOfLine) => log.Write(data, endOfLine);
}

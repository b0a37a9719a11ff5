using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Toe.Actions;

/// <summary>
/// Writes the script file of ExecuteBash and ExecutePowerShell. A step's script is rewritten on every
/// loop iteration and attempt, in the same folder. Rewriting with truncation (File.WriteAllText) makes
/// the file system free and reallocate the file's blocks each time, and on file systems mounted with
/// online discard (common on cloud volumes) that is a synchronous discard request per iteration, the
/// largest single cost of a loop iteration after the process spawn (perf, bench/run.sh). So the file is
/// left alone when it already holds the same bytes, and otherwise overwritten in place and only cut
/// when the new script is shorter.
/// </summary>
public static class ScriptFile
{
    public static void Write(string path, string text, Encoding encoding) => Write(path, Encode(text, encoding));

    /// <summary>The bytes of <paramref name="text"/> as the file holds them: the encoding's preamble, then the text.</summary>
    public static byte[] Encode(string text, Encoding encoding)
    {
        var preamble = encoding.GetPreamble();
        var bytes = new byte[preamble.Length + encoding.GetByteCount(text)];
        preamble.CopyTo(bytes, 0);
        encoding.GetBytes(text, 0, text.Length, bytes, preamble.Length);
        return bytes;
    }

    public static void Write(string path, byte[] bytes)
    {
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        if (length == bytes.Length && HoldsSameBytes(handle, bytes))
        {
            return;
        }

        RandomAccess.Write(handle, bytes, 0);
        if (length > bytes.Length)
        {
            RandomAccess.SetLength(handle, bytes.Length);
        }
    }

    private static bool HoldsSameBytes(SafeFileHandle handle, byte[] expected)
    {
        var existing = new byte[expected.Length];
        var read = 0;
        while (read < existing.Length)
        {
            var n = RandomAccess.Read(handle, existing.AsSpan(read), read);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return existing.AsSpan().SequenceEqual(expected);
    }
}

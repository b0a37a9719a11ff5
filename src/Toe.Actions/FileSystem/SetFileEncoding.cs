using System.Text;
using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// SetFileEncoding: converts an existing text file to <c>encoding</c> (default utf8) in place. The current
/// encoding is the one its byte-order mark announces, else UTF-8. A file that is not valid in that encoding
/// fails the step and is left untouched. The new bytes go to a temporary file that is renamed over the old
/// one (with the old file's permissions), so the file is never half converted. A link is followed: the file
/// it points to is converted and the link stays a link.
/// </summary>
public sealed class SetFileEncoding : ListInputModule
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override string Name => "SetFileEncoding";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsEntry.ExistingFile(item);
        var encoding = TextEncodings.Parse(item.Optional("encoding"));
        var target = FsEntry.FinalTarget(path);

        var bytes = File.ReadAllBytes(target);
        var converted = TextEncodings.Encode(encoding, Decode(bytes, path), withPreamble: true);
        if (!converted.AsSpan().SequenceEqual(bytes))
        {
            Replace(target, converted);
        }

        return Task.FromResult<string?>(null);
    }

    private static string Decode(byte[] bytes, string path)
    {
        var (detected, skip) = TextEncodings.DetectBom(bytes);
        var current = detected ?? StrictUtf8;
        try
        {
            return current.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            var how = detected is null ? "it has no byte-order mark, so it is read as UTF-8" : $"its byte-order mark says {current.WebName}";
            throw new ItemFailedException($"'{path}' is not valid text in its current encoding ({how}); the file was left unchanged");
        }
    }

    private static void Replace(string target, byte[] converted)
    {
        // The rename below needs only the folder's permission; the file's own must allow writing too,
        // as it would for any editor (root may write anything, as always).
        using (new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(target);
        AtomicFile.Write(target, stream =>
        {
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, m); // exactly the old mode, whatever the umask
            }

            stream.Write(converted);
        });
    }
}

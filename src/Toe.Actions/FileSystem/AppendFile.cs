using System.Text;
using Toe.Engine;

namespace Toe.Actions.FileSystem;

/// <summary>
/// AppendFile: adds <c>content</c> (default: empty) to the end of an existing file, encoded with <c>encoding</c>
/// (default utf8). The file is appended to in place, not replaced, so its owner, permissions, hard links and
/// the folder's permissions stay as they were (a writable file in a read-only folder can be appended to); if the
/// write fails, the file is cut back to its old length, so no partial content is left behind.
/// A link is followed: the content goes to the file it points to.
/// </summary>
public sealed class AppendFile : ListInputModule
{
    public override string Name => "AppendFile";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsEntry.ExistingFile(item);
        var content = item.Optional("content") ?? string.Empty;
        var encoding = TextEncodings.Parse(item.Optional("encoding"));
        if (content.Length > 0)
        {
            Append(FsEntry.FinalTarget(path), path, content, encoding);
        }

        return Task.FromResult<string?>(null);
    }

    private static void Append(string target, string shownPath, string content, Encoding encoding)
    {
        using var stream = new FileStream(target, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var originalLength = stream.Length;
        var head = new byte[(int)Math.Min(4, originalLength)];
        stream.ReadExactly(head);
        RefuseMixedEncodings(head, encoding, shownPath);

        // A byte-order mark belongs at the start of a file only: written when the file is empty.
        var bytes = TextEncodings.Encode(encoding, content, withPreamble: originalLength == 0);
        try
        {
            stream.Seek(0, SeekOrigin.End);
            stream.Write(bytes);
            stream.Flush(flushToDisk: false);
        }
        catch (IOException)
        {
            stream.SetLength(originalLength);
            throw;
        }
    }

    /// <summary>
    /// A file that starts with a byte-order mark says what it is; appending other bytes would corrupt it
    /// (utf8 text in a UTF-16 file), so that is refused before anything is written.
    /// </summary>
    private static void RefuseMixedEncodings(byte[] head, Encoding requested, string path)
    {
        var (inFile, _) = TextEncodings.DetectBom(head);
        if (inFile is not null && inFile.CodePage != requested.CodePage)
        {
            throw new ItemFailedException(
                $"'{path}' starts with a {Describe(inFile)} byte-order mark, but encoding is {Describe(requested)}; " +
                $"appending would mix encodings in one file. Give the file's encoding with the 'encoding' input");
        }
    }

    private static string Describe(Encoding encoding) => encoding.CodePage switch
    {
        1200 => "UTF-16LE",
        1201 => "UTF-16BE",
        12000 => "UTF-32LE",
        12001 => "UTF-32BE",
        _ => "UTF-8",
    };
}

using System.Runtime.ExceptionServices;

namespace Toe.Actions.FileSystem;

/// <summary>
/// Copies a folder tree into a folder that does not exist yet (a staging folder, so a failure leaves
/// nothing half-copied where the user looks). Like <c>cp -rp</c> without ownership: files keep their
/// permission bits and modification time, folders their permission bits and modification time, and symbolic
/// links are copied as links with the same text, never followed (a link out of the tree copies nothing from
/// outside it). The folders are created first, then the files are copied in parallel: with many small files
/// the time goes into per-file system calls, which overlap well.
/// </summary>
internal static class TreeCopier
{
    public static void Copy(string source, string target, CancellationToken cancellationToken)
    {
        var folders = new List<(string Source, string Target)>();
        var files = new List<(string Source, string Target)>();
        Directory.CreateDirectory(target);
        folders.Add((source, target));
        for (var i = 0; i < folders.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (sourceFolder, targetFolder) = folders[i];
            foreach (var entry in DirEntries.Read(sourceFolder))
            {
                var from = Path.Join(sourceFolder, entry.Name);
                var to = Path.Join(targetFolder, entry.Name);
                switch (entry.Kind)
                {
                    case EntryKind.Folder:
                        Directory.CreateDirectory(to);
                        folders.Add((from, to));
                        break;
                    case EntryKind.Link:
                        File.CreateSymbolicLink(to, FsEntry.LinkText(from) ?? throw Vanished(from));
                        break;
                    default:
                        // Pipes, sockets and devices report no length; only those few are looked at closer.
                        if (entry.Length == 0 && NativeFs.SpecialKind(from) is { } special)
                        {
                            throw new ItemFailedException($"'{from}' is {special}; only files, folders and symbolic links are copied, so nothing was copied");
                        }

                        files.Add((from, to));
                        break;
                }
            }
        }

        CopyFiles(files, cancellationToken);

        // Deepest first, after the files: creating entries would change a folder's time, and a read-only
        // source folder must not become read-only here before its files are in.
        for (var i = folders.Count - 1; i >= 0; i--)
        {
            var (from, to) = folders[i];
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(to, File.GetUnixFileMode(from));
            }

            Directory.SetLastWriteTimeUtc(to, Directory.GetLastWriteTimeUtc(from));
        }
    }

    private static void CopyFiles(List<(string Source, string Target)> files, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 2, 8),
        };
        try
        {
            Parallel.ForEach(files, options, static file => CopyOne(file.Source, file.Target));
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>One file: content, permission bits and modification time (File.Copy keeps the last two).</summary>
    private static void CopyOne(string source, string target)
    {
        try
        {
            File.Copy(source, target, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            throw Vanished(source);
        }
    }

    private static ItemFailedException Vanished(string path) =>
        new($"'{path}' disappeared while the folder was being copied; nothing was copied to the destination");
}

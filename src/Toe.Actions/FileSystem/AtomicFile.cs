namespace Toe.Actions.FileSystem;

/// <summary>
/// Writes that leave either the old file or the whole new one, never a half-written file: the bytes go
/// to a temporary file beside the target, which is then renamed over it (rename is atomic within a
/// file system). The temporary file is removed when anything fails.
/// </summary>
public static class AtomicFile
{
    /// <summary>A temporary name in the target's folder, hidden and recognisable as Toe's.</summary>
    public static string TemporaryPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.toe-{Guid.NewGuid():N}.tmp");

    /// <summary>Writes <paramref name="write"/>'s output to a temporary file and renames it onto <paramref name="target"/>.</summary>
    public static void Write(string target, Action<FileStream> write, bool overwrite = true, UnixFileMode? mode = null)
    {
        var temporary = TemporaryPathFor(target);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = m;
            }

            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }

            File.Move(temporary, target, overwrite);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Like <see cref="Write(string, Action{FileStream}, bool, UnixFileMode?)"/>, and <paramref name="prepare"/>
    /// runs on the complete temporary file before the rename (CreateFile sets owner and mode there), so the
    /// target never exists with the wrong owner or mode. <paramref name="createMode"/> is the temporary
    /// file's mode at creation (null: 0666 minus the umask).
    /// </summary>
    public static void Write(string target, Action<FileStream> write, bool overwrite, UnixFileMode? createMode, Action<string> prepare)
    {
        var temporary = TemporaryPathFor(target);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (createMode is { } m && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = m;
            }

            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: false);
            }

            prepare(temporary);
            File.Move(temporary, target, overwrite);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> through a temporary file (a vanished source leaves nothing).</summary>
    public static void Copy(string source, string target, bool overwrite)
    {
        var temporary = TemporaryPathFor(target);
        try
        {
            File.Copy(source, temporary, overwrite: false);
            File.Move(temporary, target, overwrite);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

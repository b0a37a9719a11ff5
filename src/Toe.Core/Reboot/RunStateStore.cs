using System.Text.Json;

namespace Toe.Reboot;

/// <summary>
/// The state file of a state directory (<c>--state-directory</c>): one run's <see cref="RunState"/> at a time.
/// Writes are atomic and durable: a temporary file beside it is written, flushed to disk and renamed over the
/// old one, then the folder is flushed, so <c>kill -9</c> or a power cut at any instant leaves either the old
/// or the new state, never a torn one. The file and folder are readable by their owner only: the state holds
/// step outputs, which may be secrets.
/// </summary>
public sealed class RunStateStore
{
    public const string FileName = "toe-run-state.json";

    public RunStateStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        FilePath = Path.Combine(Directory, FileName);
    }

    public string Directory { get; }

    public string FilePath { get; }

    /// <summary>
    /// The default state directory: one that survives a reboot (not /tmp, which many systems clear at boot).
    /// Root: /var/lib/toe/state. Others: $XDG_STATE_HOME/toe, else ~/.local/state/toe. Windows: %ProgramData%\Toe\state.
    /// </summary>
    public static string DefaultDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Toe", "state");
        }

        // IsPrivilegedProcess (effective uid 0) rather than UserName, which reads /etc/passwd through NSS on every run.
        if (Environment.IsPrivilegedProcess || Environment.GetEnvironmentVariable("USER") == "root")
        {
            return "/var/lib/toe/state";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "toe") : Path.Combine(home, ".local", "state", "toe");
    }

    /// <summary>The saved state: none, a state, or a file that cannot be used (with the reason).</summary>
    public StateLoad Load()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(FilePath))
            {
                return StateLoad.None;
            }

            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StateLoad.Unusable($"cannot read the state file '{FilePath}': {ex.Message}");
        }

        try
        {
            var state = JsonSerializer.Deserialize(bytes, RunStateJson.Context.RunState);
            if (state is null || state.ExecutionId.Length == 0 || state.Identity.Length == 0)
            {
                return StateLoad.Unusable($"the state file '{FilePath}' is incomplete");
            }

            return state.Format != RunState.CurrentFormat
                ? StateLoad.Unusable($"the state file '{FilePath}' has format {state.Format}; this toe reads format {RunState.CurrentFormat}")
                : StateLoad.Found(state);
        }
        catch (JsonException ex)
        {
            return StateLoad.Unusable($"the state file '{FilePath}' is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>Replaces the state file atomically and durably.</summary>
    public void Save(RunState state)
    {
        state.SavedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        CreateDirectory();
        var temporary = Path.Combine(Directory, $".{FileName}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, state, RunStateJson.Context.RunState);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }

            throw;
        }

        FlushDirectory();
    }

    /// <summary>Removes the state (the run ended, or a person asked). True when there was one.</summary>
    public bool Clear()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        FlushDirectory();
        return true;
    }

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // The rename is durable only once the folder's entry is on disk too (fsync of the directory).
    private void FlushDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Some file systems refuse to open or flush a folder; the rename itself is still atomic.
        var fd = DirectorySync.Open(Directory, DirectorySync.ReadOnlyDirectory);
        if (fd >= 0)
        {
            _ = DirectorySync.Fsync(fd);
            _ = DirectorySync.Close(fd);
        }
    }
}

/// <summary>libc calls to flush a folder's entries to disk; .NET has no API for it.</summary>
internal static partial class DirectorySync
{
    /// <summary>O_RDONLY | O_DIRECTORY (0x10000 on Linux, 0x100000 on macOS).</summary>
    public static int ReadOnlyDirectory => OperatingSystem.IsMacOS() ? 0x100000 : 0x10000;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "open", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "fsync")]
    internal static partial int Fsync(int fd);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);
}

/// <summary>The result of <see cref="RunStateStore.Load"/>.</summary>
public sealed record StateLoad(RunState? State, string? Problem)
{
    public static StateLoad None { get; } = new(null, null);

    public static StateLoad Found(RunState state) => new(state, null);

    public static StateLoad Unusable(string problem) => new(null, problem);
}

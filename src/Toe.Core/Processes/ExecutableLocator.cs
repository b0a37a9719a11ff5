namespace Toe.Processes;

/// <summary>Finds programs on PATH, the way a shell would (first executable match wins).</summary>
public static class ExecutableLocator
{
    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<(string Name, string Path), string?> Cache = [];

    /// <summary>The full path of <paramref name="name"/> on PATH, or null. Cached per PATH value.</summary>
    public static string? Find(string name, string? pathVariable = null)
    {
        pathVariable ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        lock (CacheLock)
        {
            if (Cache.TryGetValue((name, pathVariable), out var cached) && (cached is null || File.Exists(cached)))
            {
                return cached;
            }
        }

        string? found = null;
        foreach (var directory in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate))
            {
                found = Path.GetFullPath(candidate);
                break;
            }
        }

        lock (CacheLock)
        {
            Cache[(name, pathVariable)] = found;
        }

        return found;
    }

    public static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

using Toe.Processes;

namespace Toe.Conditions;

/// <summary>The outside world as the file and binary operators see it; a fake in tests.</summary>
public interface IConditionHost
{
    /// <summary>True when <paramref name="path"/> is an existing regular file (symbolic links followed).</summary>
    bool FileExists(string path);

    /// <summary>True when <paramref name="path"/> is an existing folder (symbolic links followed).</summary>
    bool FolderExists(string path);

    /// <summary>Opens a file for hashing; throws IOException/UnauthorizedAccessException when it cannot.</summary>
    Stream OpenRead(string path);

    /// <summary>True when <paramref name="name"/> is an executable file on PATH (or, containing a '/', at that path).</summary>
    bool BinaryExists(string name);
}

/// <summary>
/// The real file system and PATH. Relative paths are relative to Toe's working directory, as
/// they are for the AWSTOE process.
/// </summary>
public sealed class SystemConditionHost : IConditionHost
{
    private readonly Func<string?> _pathVariable;

    /// <param name="pathVariable">Where PATH comes from; the process environment by default (read at each question).</param>
    public SystemConditionHost(Func<string?>? pathVariable = null)
    {
        _pathVariable = pathVariable ?? (() => Environment.GetEnvironmentVariable("PATH"));
    }

    public static SystemConditionHost Instance { get; } = new();

    public bool FileExists(string path) => path.Length > 0 && File.Exists(path);

    public bool FolderExists(string path) => path.Length > 0 && Directory.Exists(path);

    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 81920, FileOptions.SequentialScan);

    // Not ExecutableLocator.Find: it caches misses, and a binary installed by an earlier step
    // (toe-conditional-constructs example 1 installs unzip) must be seen by a later condition.
    public bool BinaryExists(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            return ExecutableLocator.IsExecutableFile(name);
        }

        var path = _pathVariable() ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => ExecutableLocator.IsExecutableFile(Path.Combine(directory, name)));
    }
}

namespace Toe.Engine;

/// <summary>
/// Creates each step's folder (steps/&lt;document&gt;_&lt;phase&gt;_&lt;step&gt;), and the files its module always writes
/// there (<see cref="IScratchFiles"/>), one step ahead on a thread-pool thread. Creating a directory or a file on ext4
/// costs 30-75 µs each, together a third of Toe's own work per step; done while the previous step's program runs,
/// it is off the run's critical path (docs/performance.md). What was made ahead for a step that then does not run
/// (skipped by <c>if</c>, or after an abort, a reboot or an interruption) is removed by <see cref="RemoveUnused"/>
/// while still empty, so the log folder looks as if nothing had been made ahead.
/// </summary>
internal sealed class StepFolders
{
    private readonly Dictionary<string, Task<Ahead>> _ahead = new(StringComparer.Ordinal);

    /// <summary>Starts creating <paramref name="path"/> and the empty <paramref name="files"/> in it, unless under way.</summary>
    public void Prepare(string path, IReadOnlyList<string> files)
    {
        if (!_ahead.ContainsKey(path))
        {
            _ahead[path] = Task.Run(() => Create(path, files));
        }
    }

    /// <summary>Makes sure <paramref name="path"/> exists: waits for the folder made ahead, or creates it now.</summary>
    public void Create(string path)
    {
        if (_ahead.Remove(path, out var ahead))
        {
            try
            {
                ahead.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Made again below, where the error reaches the step with its message.
            }

            // The step before may have removed or replaced it since; one stat to be sure.
            if (Directory.Exists(path))
            {
                return;
            }
        }

        Directory.CreateDirectory(path);
    }

    /// <summary>Removes what was made ahead for steps that did not run: its files while empty, then the folder if empty.</summary>
    public void RemoveUnused()
    {
        foreach (var (path, pending) in _ahead)
        {
            try
            {
                var ahead = pending.GetAwaiter().GetResult();
                foreach (var file in ahead.Files)
                {
                    if (new FileInfo(file) is { Exists: true, Length: 0 })
                    {
                        File.Delete(file);
                    }
                }

                if (ahead.CreatedFolder && !Directory.EnumerateFileSystemEntries(path).Any())
                {
                    Directory.Delete(path);
                }
            }
            catch (Exception)
            {
                // Something empty left behind is harmless; the run's result does not depend on it.
            }
        }

        _ahead.Clear();
    }

    private static Ahead Create(string path, IReadOnlyList<string> names)
    {
        var createdFolder = !Directory.Exists(path);
        Directory.CreateDirectory(path);
        var files = new List<string>();
        foreach (var name in names)
        {
            var file = Path.Combine(path, name);
            try
            {
                // CreateNew: a file that is already there (a rerun after a reboot) is left as it is, and not ours to remove.
                File.OpenHandle(file, FileMode.CreateNew, FileAccess.Write).Dispose();
                files.Add(file);
            }
            catch (IOException)
            {
            }
        }

        return new Ahead(createdFolder, files);
    }

    /// <param name="CreatedFolder">The folder did not exist before: it may be removed again when unused.</param>
    /// <param name="Files">The files created (empty) here.</param>
    private sealed record Ahead(bool CreatedFolder, IReadOnlyList<string> Files);
}

namespace Toe.Engine;

/// <summary>
/// Creates each step's folder (steps/&lt;document&gt;_&lt;phase&gt;_&lt;step&gt;), and the files its module always writes
/// there (<see cref="IScratchFiles"/>), one step ahead on a thread-pool thread. Creating a directory or a file on ext4
/// costs 30-75 µs each, and writing a small script ~30 µs more; done while the previous step's program runs, that is
/// off the run's critical path (docs/performance.md). What was made ahead for a step that then does not run
/// (skipped by <c>if</c>, or after an abort, a reboot or an interruption) is removed by <see cref="RemoveUnused"/>
/// while it still holds what was written here, so the log folder looks as if nothing had been made ahead.
/// </summary>
internal sealed class StepFolders
{
    private readonly Dictionary<string, Task<Ahead>> _ahead = new(StringComparer.Ordinal);

    /// <summary>Starts creating <paramref name="path"/> and the <paramref name="files"/> in it, unless under way.</summary>
    /// <param name="files">Produced on the thread-pool thread too (the module may render the step's inputs for them).</param>
    public void Prepare(string path, Func<IReadOnlyList<ScratchFile>> files)
    {
        if (!_ahead.ContainsKey(path))
        {
            _ahead[path] = Task.Run(() => Create(path, files()));
        }
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> exists: waits for the folder made ahead, or creates it now. Returns the files
    /// written ahead that still hold what was written (full path and bytes), for the module to leave alone.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> Create(string path)
    {
        if (_ahead.Remove(path, out var pending))
        {
            Ahead? ahead = null;
            try
            {
                ahead = pending.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Made again below, where the error reaches the step with its message.
            }

            // The step before may have removed or replaced the folder since: one stat to be sure, of a file written
            // ahead when there is one (its length tells it was not changed either), else of the folder.
            if (ahead is { Written.Count: > 0 })
            {
                var written = ahead.Written.Where(f => new FileInfo(f.Key) is { Exists: true } info && info.Length == f.Value.Length).ToDictionary();
                if (written.Count == ahead.Written.Count || Directory.Exists(path))
                {
                    return written;
                }
            }
            else if (ahead is not null && Directory.Exists(path))
            {
                return ActionContext.NothingWritten;
            }
        }

        Directory.CreateDirectory(path);
        return ActionContext.NothingWritten;
    }

    /// <summary>Removes what was made ahead for steps that did not run: its files while unchanged, then the folder if empty.</summary>
    public void RemoveUnused()
    {
        foreach (var (path, pending) in _ahead)
        {
            try
            {
                var ahead = pending.GetAwaiter().GetResult();
                foreach (var file in ahead.Empty)
                {
                    if (new FileInfo(file) is { Exists: true, Length: 0 })
                    {
                        File.Delete(file);
                    }
                }

                foreach (var (file, content) in ahead.Written)
                {
                    if (new FileInfo(file) is { Exists: true } info && info.Length == content.Length && File.ReadAllBytes(file).AsSpan().SequenceEqual(content))
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
                // Something left behind is harmless; the run's result does not depend on it.
            }
        }

        _ahead.Clear();
    }

    private static Ahead Create(string path, IReadOnlyList<ScratchFile> files)
    {
        var createdFolder = !Directory.Exists(path);
        Directory.CreateDirectory(path);
        var empty = new List<string>();
        var written = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var scratch in files)
        {
            var file = Path.Combine(path, scratch.Name);
            try
            {
                // CreateNew: a file that is already there (a rerun after a reboot) is left as it is, and not ours to remove.
                using var handle = File.OpenHandle(file, FileMode.CreateNew, FileAccess.Write);
                if (scratch.Content is { Length: > 0 } content)
                {
                    RandomAccess.Write(handle, content, 0);
                    written[file] = content;
                }
                else
                {
                    empty.Add(file);
                }
            }
            catch (IOException)
            {
            }
        }

        return new Ahead(createdFolder, empty, written);
    }

    /// <param name="CreatedFolder">The folder did not exist before: it may be removed again when unused.</param>
    /// <param name="Empty">The files created empty here.</param>
    /// <param name="Written">The files created here with their content.</param>
    private sealed record Ahead(bool CreatedFolder, IReadOnlyList<string> Empty, IReadOnlyDictionary<string, byte[]> Written);
}

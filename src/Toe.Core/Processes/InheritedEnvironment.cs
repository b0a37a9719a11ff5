using System.Collections;
using System.Text;

namespace Toe.Processes;

/// <summary>
/// Toe's own environment as the posix_spawn runner passes it on: each variable as <c>NAME=value</c>, NUL-terminated
/// UTF-8, read and encoded once. Reading and encoding it for every program was the largest part of the runner's own
/// work (~35 µs a step, docs/performance.md). Toe never changes its own environment, so a copy taken at the first
/// program is what every later one would have read; variables a step adds or removes are applied per program
/// (<see cref="ProcessSpec.Environment"/>).
/// </summary>
public sealed class InheritedEnvironment
{
    private InheritedEnvironment((string Name, byte[] Entry)[] entries)
    {
        Entries = entries;
    }

    public (string Name, byte[] Entry)[] Entries { get; }

    /// <summary>The process's environment now.</summary>
    public static InheritedEnvironment Read()
    {
        var entries = new List<(string, byte[])>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            var text = $"{name}={variable.Value}";
            var entry = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, entry);
            entries.Add((name, entry));
        }

        return new InheritedEnvironment([.. entries]);
    }
}

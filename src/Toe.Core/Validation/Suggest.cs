namespace Toe.Validation;

/// <summary>"Did you mean ...?" for misspelt keys, actions and operators.</summary>
internal static class Suggest
{
    /// <summary>The candidate closest to <paramref name="written"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string written, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, written, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }

            var distance = Distance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow one edit per four characters, at least one and at most three.
        var allowed = Math.Clamp(written.Length / 4, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Levenshtein distance (insert, delete, replace), two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(replace, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

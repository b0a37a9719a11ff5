namespace Toe.Validation;

/// <summary>Text from the document as quoted in messages: on one line, and cut when long.</summary>
internal static class Shorten
{
    public static string Text(string text, int max = 60)
    {
        var oneLine = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 3)] + "...";
    }

    /// <summary>A phase or step name in a label such as "step 'Install'".</summary>
    public static string Name(string name) => Text(name, 40);
}

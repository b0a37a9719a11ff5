using Toe.Engine;
using Toe.Processes;

namespace Toe.Actions.FileSystem;

/// <summary>
/// ReadFile: returns a text file's content as the <c>content</c> output, decoded with <c>encoding</c>
/// (default utf8; a byte-order mark in the file wins and is not part of the content). Links are followed.
/// Bytes that are not valid in the encoding fail the step rather than turning into replacement characters.
/// With <c>printFileContent: true</c> the content also goes to console.log, line by line.
/// Several items: their contents are joined with a newline, in item order (as WebDownload joins its
/// <c>destination</c> values).
/// </summary>
public sealed class ReadFile : ListInputModule
{
    public override string Name => "ReadFile";

    protected override string? OutputName => "content";

    protected override string OutputSeparator => "\n";

    protected internal override Task<string?> ExecuteItemAsync(ItemInputs item, ActionContext context, CancellationToken cancellationToken)
    {
        var path = FsEntry.ExistingFile(item);
        var encoding = TextEncodings.Parse(item.Optional("encoding"));
        var print = item.Boolean("printFileContent", defaultValue: false);

        var content = TextEncodings.Decode(encoding, File.ReadAllBytes(path), path);
        if (print)
        {
            Print(content, context.Output);
        }

        return Task.FromResult<string?>(content);
    }

    private static void Print(string content, IStepOutput output)
    {
        if (content.Length == 0)
        {
            return;
        }

        // One final newline ends the last line; it does not start an empty one.
        var text = content.EndsWith('\n') ? content[..^1] : content;
        foreach (var line in text.Split('\n'))
        {
            output.WriteLine(OutputKind.Stdout, line);
        }
    }
}

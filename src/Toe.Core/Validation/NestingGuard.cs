using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// The reader bounds how deep a document is written, but aliases can still stack copies of deep
/// nodes inside each other. The schema and the rules walk the tree recursively, so a tree deeper
/// than the reader allows is refused here, with an explicit stack, before anything recurses.
/// </summary>
internal static class NestingGuard
{
    public static Diagnostic? Check(YNode root, string source)
    {
        var pending = new Stack<(YNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > YamlReader.MaxNestingDepth)
            {
                return Diagnostic.Error(DiagnosticCodes.NestingTooDeep, node.Location with { File = source }, $"the document nests lists and mappings more than {YamlReader.MaxNestingDepth} levels deep (through aliases); a component document needs far fewer");
            }

            var children = node switch
            {
                YMapping map => map.Entries.Select(e => e.Value),
                YSequence list => list.Items,
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return null;
    }
}

using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Everything <c>toe validate</c> says about one document: what reading it found, the schema, and
/// the rules, in file order.
/// </summary>
public static class DocumentValidator
{
    public static IReadOnlyList<Diagnostic> Validate(LoadedDocument document, ValidationOptions options)
    {
        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        if (document.Document is { } model)
        {
            if (NestingGuard.Check(model.Root, model.Source) is { } tooDeep)
            {
                // Aliases stacked too deep: the schema and the rules would recurse without end.
                diagnostics.Add(tooDeep);
            }
            else
            {
                // The rules first: they need no schema, which may still be being built (Prepare).
                var rules = DocumentRules.Check(model, options);
                diagnostics.AddRange(SchemaValidator.Validate(model));
                diagnostics.AddRange(rules);
            }
        }

        // Stable: diagnostics at the same place keep the order they were found in.
        return diagnostics
            .Select((diagnostic, index) => (diagnostic, index))
            .OrderBy(d => d.diagnostic.Location.Line)
            .ThenBy(d => d.diagnostic.Location.Column)
            .ThenBy(d => d.index)
            .Select(d => d.diagnostic)
            .ToList();
    }

    public static IReadOnlyList<Diagnostic> Validate(LoadedDocument document) => Validate(document, ValidationOptions.Default);

    /// <summary>
    /// Starts building the schema on a thread of its own. Building it (JsonSchema.Net's dialects, found
    /// through reflection, and the schema itself) is the largest single cost of a short run's start-up; begun
    /// first thing, it overlaps with parsing the command line and reading the documents on another core.
    /// Threads of their own and not the thread pool: the pool's first worker started 1-3 ms after Main, and
    /// the document was then waiting for the schema (docs/performance.md). Two: one loads the library's dialects
    /// and then builds, the other meanwhile prepares the text to build from (<see cref="QuickSchemaSource"/>).
    /// </summary>
    public static void Prepare()
    {
        new Thread(static () => _ = QuickSchemaSource.Embedded.Value) { IsBackground = true, Name = "toe schema text" }.Start();
        new Thread(static () => _ = ComponentSchema.Instance) { IsBackground = true, Name = "toe schema" }.Start();
    }
}

using Toe.Diagnostics;

namespace Toe.Documents;

/// <summary>The outcome of reading one document: the model when the YAML could be read, and what was wrong.</summary>
public sealed record LoadedDocument(string Source, ComponentDocument? Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads local documents. <c>s3://</c> URIs and component ARNs are read by the AWS layer (Toe.Aws.DocumentLocations),
/// which hands their text to <see cref="LoadText(string, string, string)"/>; given here, they are refused with a clear message.
/// </summary>
public static class DocumentLoader
{
    public static LoadedDocument Load(string source)
    {
        if (source.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            var kind = source.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? "S3 documents" : "component ARNs";
            return new LoadedDocument(source, null, [Diagnostic.Error(DiagnosticCodes.UnsupportedLocation, SourceLocation.StartOf(source), $"{kind} are read through the AWS layer, not as local files; download the document and give its local path")]);
        }

        var read = YamlReader.ReadFile(source);
        return FromRead(source, Path.GetFullPath(source), read);
    }

    public static LoadedDocument LoadText(string text, string source)
    {
        var read = YamlReader.ReadText(text, source);
        return FromRead(source, Path.GetFullPath(source), read);
    }

    /// <summary>
    /// A document read from somewhere else than a local file (S3): <paramref name="identity"/> is what the
    /// engine records as its path (the s3:// URI), used for messages, cycle checks and relative references.
    /// </summary>
    public static LoadedDocument LoadText(string text, string source, string identity)
    {
        var read = YamlReader.ReadText(text, source);
        return FromRead(source, identity, read);
    }

    private static LoadedDocument FromRead(string source, string fullPath, YamlReader.Result read)
    {
        var diagnostics = new List<Diagnostic>(read.Diagnostics);
        if (read.Root is null)
        {
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.EmptyDocument, SourceLocation.StartOf(source), "the document is empty; a component document needs at least schemaVersion and phases"));
            }

            return new LoadedDocument(source, null, diagnostics);
        }

        if (read.Root is not YMapping root)
        {
            var what = read.Root is YScalar { IsNull: true } ? "empty" : read.Root.KindDescription;
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.NotAMapping, read.Root.Location, $"the document is {what}; a component document is a mapping with keys such as schemaVersion and phases"));
            return new LoadedDocument(source, null, diagnostics);
        }

        return new LoadedDocument(source, DocumentModelBuilder.Build(root, source, fullPath, read.Text ?? string.Empty), diagnostics);
    }
}

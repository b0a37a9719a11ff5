using Toe.Diagnostics;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Aws.Fleet;

/// <summary>
/// Reads and validates the documents here, before anything is staged or sent, with the same core parser
/// and validator as <c>toe run</c> (for Linux, where AWS-RunShellScript runs): a typo must not reach a
/// fleet. The parsed documents also size the command's timeout.
/// </summary>
public static class FleetDocuments
{
    public static async Task<(IReadOnlyList<ComponentDocument> Documents, IReadOnlyList<Diagnostic> Problems)> LoadAsync(S3ClientFactory s3, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var documents = new List<ComponentDocument>();
        var problems = new List<Diagnostic>();
        var options = new ValidationOptions { OsPlatform = "linux" };
        foreach (var source in sources)
        {
            var loaded = S3Location.IsS3Uri(source)
                ? await S3Documents.LoadAsync(s3, source, null, cancellationToken).ConfigureAwait(false)
                : DocumentLoader.Load(source);
            var diagnostics = DocumentValidator.Validate(loaded, options);
            problems.AddRange(diagnostics.Where(d => d.Severity == Severity.Error));
            if (loaded.Document is not null && diagnostics.All(d => d.Severity != Severity.Error))
            {
                documents.Add(loaded.Document);
            }
        }

        return (documents, problems);
    }
}

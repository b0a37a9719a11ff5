using Toe.Aws.ImageBuilder;
using Toe.Documents;

namespace Toe.Aws;

/// <summary>
/// Loads a document from wherever awstoe accepts one: a local path, an <c>s3://</c> URI (<see cref="S3Documents"/>,
/// with the expected bucket owner checked by S3) or an Image Builder component ARN (<see cref="ComponentDocuments"/>).
/// The one place that dispatches on the kind of location, for <c>toe run</c>, <c>toe validate</c> and ExecuteDocument.
/// </summary>
public sealed class DocumentLocations
{
    private readonly S3ClientFactory _s3;
    private readonly ComponentDocuments _components;

    public DocumentLocations(S3ClientFactory s3, ComponentDocuments components)
    {
        _s3 = s3;
        _components = components;
    }

    public static DocumentLocations Default { get; } = new(S3ClientFactory.Default, ComponentDocuments.Default);

    /// <summary>True for locations that are not local files (s3:// URIs and ARNs).</summary>
    public static bool IsRemote(string location) => S3Location.IsS3Uri(location) || ComponentArn.LooksLikeArn(location);

    public Task<LoadedDocument> LoadAsync(string location, string? s3BucketOwner, CancellationToken cancellationToken) =>
        S3Location.IsS3Uri(location) ? S3Documents.LoadAsync(_s3, location, s3BucketOwner, cancellationToken)
        : ComponentArn.LooksLikeArn(location) ? _components.LoadAsync(location, cancellationToken)
        : Task.FromResult(DocumentLoader.Load(location));
}

namespace Toe.Aws.ImageBuilder;

/// <summary>What <c>toe aws publish</c> asks Image Builder to create (already checked locally).</summary>
public sealed record PublishRequest
{
    public required string DocumentPath { get; init; }
    public required string DocumentText { get; init; }
    public required string Name { get; init; }
    public required string SemanticVersion { get; init; }
    public required string Platform { get; init; }
    public string? Description { get; init; }
    public string? ChangeDescription { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public IReadOnlyList<string>? SupportedOsVersions { get; init; }
    public string? KmsKeyId { get; init; }

    /// <summary>Where a document above <see cref="ComponentPublisher.InlineLimit"/> characters is uploaded first.</summary>
    public string? S3Bucket { get; init; }

    public string? S3Prefix { get; init; }
}

/// <summary>The new component: its build-version ARN, and where its document went (inline, or the s3:// URI).</summary>
public sealed record PublishResult(string ComponentBuildVersionArn, string ClientToken, string? RequestId, string? Uri);

/// <summary>
/// Creates an Image Builder component from a local document: inline <c>data</c> when it fits the service's
/// limit, else uploaded to S3 first and passed as <c>uri</c>. One client token per publish, so the SDK-style
/// retries of a throttled CreateComponent cannot create two builds.
/// </summary>
public sealed class ComponentPublisher
{
    /// <summary>CreateComponent's <c>data</c> holds at most 16,000 characters (the API reference's length constraint).</summary>
    public const int InlineLimit = 16_000;

    private readonly ImageBuilderClient _client;
    private readonly S3ClientFactory _s3;

    public ComponentPublisher(ImageBuilderClient client, S3ClientFactory s3)
    {
        _client = client;
        _s3 = s3;
    }

    /// <summary>The S3 key a large document is uploaded to: &lt;prefix&gt;/&lt;name&gt;/&lt;version&gt;/&lt;file name&gt;.</summary>
    public static S3Location UploadLocation(PublishRequest request)
    {
        var prefix = (request.S3Prefix ?? string.Empty).Trim('/');
        var key = $"{(prefix.Length == 0 ? string.Empty : prefix + "/")}{request.Name}/{request.SemanticVersion}/{Path.GetFileName(request.DocumentPath)}";
        return new S3Location(request.S3Bucket!, key);
    }

    /// <summary>Publishes; throws <see cref="AwsFailureException"/> (Image Builder) or an S3 failure with a one-line message.</summary>
    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        string? uri = null;
        if (request.DocumentText.Length > InlineLimit)
        {
            if (request.S3Bucket is null)
            {
                throw new AwsFailureException(TooLargeMessage(request.DocumentText.Length));
            }

            var location = UploadLocation(request);
            try
            {
                using var transfer = new S3Transfer(_s3);
                await transfer.UploadFileAsync(request.DocumentPath, location, expectedOwner: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (S3ErrorKinds.IsTransferFailure(ex, cancellationToken))
            {
                throw new AwsFailureException($"cannot upload the document to s3://{location.Bucket}/{location.Key}: {S3Errors.Reason(ex, null)}");
            }

            uri = $"s3://{location.Bucket}/{location.Key}";
        }

        var token = Guid.NewGuid().ToString();
        var response = await _client.CreateComponentAsync(new CreateComponentRequest
        {
            Name = request.Name,
            SemanticVersion = request.SemanticVersion,
            Description = request.Description,
            ChangeDescription = request.ChangeDescription,
            Platform = request.Platform,
            SupportedOsVersions = request.SupportedOsVersions,
            Data = uri is null ? request.DocumentText : null,
            Uri = uri,
            KmsKeyId = request.KmsKeyId,
            Tags = request.Tags,
            ClientToken = token,
        }, cancellationToken).ConfigureAwait(false);
        return new PublishResult(response.ComponentBuildVersionArn!, response.ClientToken ?? token, response.RequestId, uri);
    }

    public static string TooLargeMessage(int length) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"the document has {length:N0} characters, more than the {InlineLimit:N0} Image Builder accepts inline; give --s3-bucket (and --s3-prefix) to upload it to S3 and publish it by its uri");
}

using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Aws.ImageBuilder;

/// <summary>
/// Component documents named by an Image Builder component ARN (<c>--documents</c>, <c>--config</c>, ExecuteDocument):
/// fetched with GetComponent from the ARN's own Region (a component exists only there), its YAML taken from
/// <c>data</c> (or, when a service answers with one, downloaded from the s3:// <c>uri</c>), and parsed like a local
/// file. The document's path in messages, the log folder and detailedoutput.json is the ARN as given.
/// </summary>
public sealed class ComponentDocuments
{
    private readonly AwsEnvironment _environment;
    private readonly S3ClientFactory _s3;
    private readonly TimeSpan? _retryBaseDelay;

    public ComponentDocuments(AwsEnvironment environment, S3ClientFactory s3, TimeSpan? retryBaseDelay = null)
    {
        _environment = environment;
        _s3 = s3;
        _retryBaseDelay = retryBaseDelay;
    }

    public static ComponentDocuments Default { get; } = new(AwsEnvironment.Process, S3ClientFactory.Default);

    public async Task<LoadedDocument> LoadAsync(string arn, CancellationToken cancellationToken)
    {
        var (text, error) = await ReadAsync(arn, cancellationToken).ConfigureAwait(false);
        return text is null
            ? new LoadedDocument(arn, null, [Diagnostic.Error(DiagnosticCodes.FileUnreadable, SourceLocation.StartOf(arn), error!)])
            : DocumentLoader.LoadText(text, arn, arn);
    }

    /// <summary>The component's YAML, or null and a one-line reason that says what to fix (never a credential).</summary>
    public async Task<(string? Text, string? Error)> ReadAsync(string text, CancellationToken cancellationToken)
    {
        if (!ComponentArn.TryParse(text, out var arn, out var error))
        {
            return (null, error);
        }

        ComponentShape component;
        try
        {
            using var client = ImageBuilderClient.Create(_environment, arn.Region, _retryBaseDelay);
            component = await client.GetComponentAsync(arn.Text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsFailureException or HttpRequestException or Amazon.Runtime.AmazonClientException
                                       || (ex is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"cannot fetch it from {ImageBuilderClient.ServiceName} in {arn.Region}: {Explain(ex, arn)}");
        }

        if (component.Data is { Length: > 0 } data)
        {
            return (data, null);
        }

        if (component.Uri is { Length: > 0 } uri)
        {
            if (!S3Location.IsS3Uri(uri))
            {
                return (null, $"{ImageBuilderClient.ServiceName} gave its document as '{uri}', which is not an s3:// URI");
            }

            var (document, s3Error) = await S3Documents.ReadAsync(_s3, uri, expectedOwner: null, cancellationToken).ConfigureAwait(false);
            return document is null ? (null, $"its document {uri}: {s3Error}") : (document, null);
        }

        return component.Obfuscate == true
            ? (null, $"{ImageBuilderClient.ServiceName} does not give out the document of this component (its publisher obfuscates it), so it cannot run outside Image Builder")
            : (null, $"{ImageBuilderClient.ServiceName} answered without the component's document (no data)");
    }

    /// <summary>The failure in words, with the hint that fits the ARN (Region, version ARN).</summary>
    private string Explain(Exception exception, ComponentArn arn)
    {
        var reason = AwsErrors.Reason(exception, ImageBuilderClient.ServiceName);
        if (exception is not AwsFailureException failure)
        {
            return reason;
        }

        switch (failure.ErrorCode)
        {
            case "ResourceNotFoundException":
                return $"no such component in {arn.Region} visible to this account; check the ARN's Region, name, version and build ({failure.StatusCode} {failure.ErrorCode})";
            case "InvalidParameterValueException" or "InvalidRequestException" or "ValidationException" when !arn.IsBuildVersion:
                return $"{reason}; give a build-version ARN, {arn.Text[..arn.Text.LastIndexOf('/')]}/<x.y.z>/<build> (list them with: aws imagebuilder list-component-build-versions --component-version-arn <version ARN>)";
            case "InvalidSignatureException" or "SignatureDoesNotMatch" or "UnrecognizedClientException"
                when _environment.Region(environmentOnly: true) is { } configured && configured != arn.Region:
                return $"{reason}; the component's ARN is in {arn.Region} while the configured Region is {configured}: the request goes to {arn.Region}, so the endpoint and credentials must serve that Region";
            default:
                return reason;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Toe.Aws;
using Toe.Aws.ImageBuilder;
using Toe.Configuration;
using Toe.Validation;

namespace Toe.Cli.Aws;

/// <summary>
/// <c>toe aws publish</c>: validates a local component document exactly as <c>toe validate</c> does (any error stops
/// it before AWS is called), then creates an Image Builder component from it with CreateComponent and prints the
/// new build-version ARN.
/// </summary>
internal static partial class AwsPublishCommand
{
    private const string Prefix = "toe aws publish";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var document = Required("--document", "The local component document (YAML) to publish.", "file");
        var name = Required("--name", "The component's name in Image Builder.", "name");
        var version = Required("--semantic-version", "The component's version, x.y.z (each number 0 to 1073741823). Image Builder adds the build number.", "x.y.z");
        var platform = Required("--platform", "The component's platform: Linux, Windows or macOS. The document is validated for it.", "Linux|Windows|macOS");
        var description = CliOptions.Text("--description", "What the component does (up to 1,024 characters).", "text");
        var changeDescription = CliOptions.Text("--change-description", "What changed in this version (up to 1,024 characters).", "text");
        var tags = CliOptions.Text("--tags", "Tags of the component: key=value pairs separated by commas.", "k=v,...");
        var kmsKey = CliOptions.Text("--kms-key-id", "KMS key (ID or ARN) Image Builder encrypts the component with.", "key");
        var osVersions = CliOptions.Text("--supported-os-versions", "OS versions the component supports, separated by commas (e.g. \"Amazon Linux 2023\").", "list");
        var bucket = CliOptions.Text("--s3-bucket", "S3 bucket for documents over 16,000 characters (Image Builder's inline limit): the document is uploaded there and published by its uri.", "bucket");
        var prefix = CliOptions.Text("--s3-prefix", "Key prefix in --s3-bucket; the key is <prefix>/<name>/<version>/<file name>.", "prefix");
        var region = CliOptions.Text("--region", "Region to publish in (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile or instance Region).", "region");
        var output = new Option<string>("--output", "-o")
        {
            Description = "What to print on stdout: text (the build-version ARN alone, the default) or json.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };

        var command = new Command("publish",
            "Publish a component document to EC2 Image Builder (CreateComponent). The document is validated first, as toe validate does, " +
            "for the given platform; any error is printed and nothing is sent to AWS. Documents up to 16,000 characters go inline; larger ones " +
            "need --s3-bucket. Prints the new component build-version ARN, to give to toe run --documents. Credentials come from the AWS " +
            "environment variables, a profile or the instance profile; AWS_ENDPOINT_URL_IMAGEBUILDER (or AWSTOE_IMAGEBUILDER_ENDPOINT) overrides the endpoint. " +
            "Exit code 0 when published, 1 otherwise.")
        {
            document, name, version, platform, description, changeDescription, tags, kmsKey, osVersions, bucket, prefix, region, output,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = parse.GetValue(output);
            if (format is not ("text" or "json"))
            {
                return Fail(stderr, $"--output must be text or json (got '{format}')");
            }

            var (request, problem) = BuildRequest(
                parse.GetValue(document)!, parse.GetValue(name)!, parse.GetValue(version)!, parse.GetValue(platform)!, parse.GetValue(description),
                parse.GetValue(changeDescription), parse.GetValue(tags), parse.GetValue(kmsKey), parse.GetValue(osVersions), parse.GetValue(bucket), parse.GetValue(prefix));
            if (request is null)
            {
                return Fail(stderr, problem!);
            }

            // The same findings and lines as toe validate, for the platform the component is published for; on stderr,
            // because stdout carries the ARN.
            var validation = ValidateCommand.Validate(request.DocumentPath, new ValidationOptions { OsPlatform = request.Platform == "macOS" ? "darwin" : request.Platform.ToLowerInvariant() });
            foreach (var line in ValidationReport.TextLines([validation]))
            {
                await stderr.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (!validation.Valid)
            {
                return Fail(stderr, $"the document is not valid: {ValidationReport.Summary([validation])}; fix it and publish again (nothing was sent to AWS)");
            }

            var environment = AwsEnvironment.Process;
            var regionName = parse.GetValue(region) is { Length: > 0 } r ? r.Trim() : environment.Region();
            if (regionName is null)
            {
                return Fail(stderr, "no Region: give --region or set AWS_REGION");
            }

            try
            {
                using var client = ImageBuilderClient.Create(environment, regionName);
                // A large document's bucket is read by Image Builder in the publish Region, so S3 is addressed in that Region too.
                var s3 = new S3ClientFactory(variable => variable == "AWS_REGION" ? regionName : Environment.GetEnvironmentVariable(variable));
                var result = await new ComponentPublisher(client, s3).PublishAsync(request, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(format == "json" ? Json(result) : result.ComponentBuildVersionArn).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (AwsFailureException failure) when (failure.ErrorCode is "ResourceAlreadyExistsException")
            {
                return Fail(stderr, $"component '{request.Name}' version {request.SemanticVersion} already exists in {regionName}; bump --semantic-version (e.g. {NextPatch(request.SemanticVersion)}) and publish again");
            }
            catch (Exception ex) when (ex is AwsFailureException or HttpRequestException or Amazon.Runtime.AmazonClientException
                                           || (ex is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested))
            {
                return Fail(stderr, $"cannot publish to {ImageBuilderClient.ServiceName} in {regionName}: {AwsErrors.Reason(ex, ImageBuilderClient.ServiceName)}");
            }
        });
        return command;
    }

    /// <summary>Every flag checked before the document is even read; a readable request, or one line that says what to fix.</summary>
    internal static (PublishRequest? Request, string? Problem) BuildRequest(string documentPath, string name, string version, string platform, string? description,
        string? changeDescription, string? tags, string? kmsKey, string? osVersions, string? bucket, string? prefix)
    {
        if (DocumentLocations.IsRemote(documentPath))
        {
            return (null, $"--document '{documentPath}': publish takes a local file; download it first");
        }

        if (!File.Exists(documentPath))
        {
            return (null, $"--document '{documentPath}' does not exist");
        }

        if (!NamePattern().IsMatch(name))
        {
            return (null, $"--name '{name}': use 1 to 128 letters, digits, '-', '_' and inner spaces (Image Builder's rule for names)");
        }

        if (!TryVersion(version))
        {
            return (null, $"--semantic-version '{version}' is not x.y.z with numbers from 0 to 1073741823 (e.g. 1.0.0); Image Builder assigns the build number itself");
        }

        var canonicalPlatform = new[] { "Linux", "Windows", "macOS" }.FirstOrDefault(p => p.Equals(platform.Trim(), StringComparison.OrdinalIgnoreCase));
        if (canonicalPlatform is null)
        {
            return (null, $"--platform '{platform}' is not one of Linux, Windows, macOS");
        }

        if (description is { Length: > 1024 } || changeDescription is { Length: > 1024 })
        {
            return (null, $"--{(description is { Length: > 1024 } ? "description" : "change-description")} is longer than Image Builder's 1,024 characters");
        }

        var (tagMap, tagProblem) = ParseTags(tags);
        if (tagProblem is not null)
        {
            return (null, tagProblem);
        }

        string text;
        try
        {
            text = File.ReadAllText(documentPath, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return (null, $"--document '{documentPath}' cannot be read as UTF-8 text: {ex.Message}");
        }

        var bucketName = bucket is { Length: > 0 } b ? b.Trim() : null;
        if (bucketName is not null && (bucketName.Contains('/', StringComparison.Ordinal) || S3Location.IsS3Uri(bucketName)))
        {
            return (null, $"--s3-bucket '{bucketName}' must be a bucket name only; put the key prefix in --s3-prefix");
        }

        if (text.Length > ComponentPublisher.InlineLimit && bucketName is null)
        {
            return (null, ComponentPublisher.TooLargeMessage(text.Length));
        }

        var versions = RunSettingsResolver.SplitList(osVersions).ToList();
        return (new PublishRequest
        {
            DocumentPath = documentPath,
            DocumentText = text,
            Name = name,
            SemanticVersion = version,
            Platform = canonicalPlatform,
            Description = description is { Length: > 0 } ? description : null,
            ChangeDescription = changeDescription is { Length: > 0 } ? changeDescription : null,
            Tags = tagMap,
            SupportedOsVersions = versions.Count > 0 ? versions : null,
            KmsKeyId = kmsKey is { Length: > 0 } ? kmsKey.Trim() : null,
            S3Bucket = bucketName,
            S3Prefix = prefix,
        }, null);
    }

    /// <summary>key=value pairs separated by commas; keys unique and 1-128 characters, values up to 256 (Image Builder's tag limits), at most 50.</summary>
    internal static (IReadOnlyDictionary<string, string>? Tags, string? Problem) ParseTags(string? text)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return (null, null);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair.Trim() : pair[..equals].Trim();
            if (equals < 0 || key.Length == 0)
            {
                return (null, $"--tags: '{pair}' is not key=value");
            }

            var value = pair[(equals + 1)..].Trim();
            if (key.Length > 128 || value.Length > 256)
            {
                return (null, $"--tags: '{key}' is too long (keys up to 128 characters, values up to 256)");
            }

            if (!tags.TryAdd(key, value))
            {
                return (null, $"--tags: the key '{key}' is given twice");
            }
        }

        return tags.Count > 50 ? (null, "--tags: Image Builder takes at most 50 tags") : (tags, null);
    }

    private static bool TryVersion(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length is > 0 and <= 10 && p.All(char.IsAsciiDigit)
            && long.Parse(p, CultureInfo.InvariantCulture) <= 1073741823);
    }

    private static string NextPatch(string version)
    {
        var parts = version.Split('.');
        return $"{parts[0]}.{parts[1]}.{long.Parse(parts[2], CultureInfo.InvariantCulture) + 1}";
    }

    private static string Json(PublishResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("componentBuildVersionArn", result.ComponentBuildVersionArn);
            writer.WriteString("clientToken", result.ClientToken);
            writer.WriteString("requestId", result.RequestId);
            writer.WriteString("uri", result.Uri);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"{Prefix}: error: {message}");
        return ExitCodes.Failure;
    }

    private static Option<string> Required(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    /// <summary>Image Builder's ResourceName: letters, digits, '-', '_' and spaces inside, 1 to 128 characters.</summary>
    [GeneratedRegex("^[-_A-Za-z0-9]([-_A-Za-z0-9 ]{0,126}[-_A-Za-z0-9])?$")]
    private static partial Regex NamePattern();
}

using System.CommandLine;
using Toe.Configuration;
using Toe.Documents;
using Toe.Validation;

namespace Toe.Cli;

/// <summary><c>toe validate</c>: every problem of every document, one line each, exit 0 when all are valid and 1 when not.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var documents = CliOptions.Documents(required: true);
        var blocked = CliOptions.BlockedActionModules();
        var bucketOwner = CliOptions.DocumentS3BucketOwner();
        var platforms = CliOptions.OsPlatforms();
        var output = CliOptions.Output();
        var trace = CliOptions.Trace();
        var command = new Command("validate", "Check component documents without running them: YAML syntax, the document schema, names, references, action inputs. Prints every problem as file:line:col: error TOE1234: message.")
        {
            documents, blocked, bucketOwner, platforms, output, trace,
        };
        command.SetAction(parse =>
        {
            var format = parse.GetValue(output);
            if (format is not ("text" or "json"))
            {
                stderr.WriteLine($"toe validate: --output must be text or json (got '{format}')");
                return ExitCodes.Failure;
            }

            var platform = parse.GetValue(platforms);
            if (platform is not null && platform is not ("linux" or "windows" or "darwin"))
            {
                stderr.WriteLine($"toe validate: --os-platforms must be linux, windows or darwin (got '{platform}')");
                return ExitCodes.Failure;
            }

            var owner = parse.GetValue(bucketOwner) is { Length: > 0 } o ? o.Trim() : null;
            var options = new ValidationOptions
            {
                BlockedActionModules = new HashSet<string>(RunSettingsResolver.SplitList(parse.GetValue(blocked)), StringComparer.OrdinalIgnoreCase),
                OsPlatform = platform,
            };
            var results = RunSettingsResolver.SplitList(parse.GetValue(documents))
                .Select(source => Validate(source, options, owner))
                .ToList();

            if (format == "json")
            {
                stdout.WriteLine(ValidationReport.Json(results));
            }
            else
            {
                foreach (var line in ValidationReport.TextLines(results))
                {
                    stdout.WriteLine(line);
                }

                stderr.WriteLine($"toe validate: {ValidationReport.Summary(results)}");
            }

            return results.All(r => r.Valid) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    public static DocumentValidation Validate(string source, ValidationOptions options, string? s3BucketOwner = null) =>
        new(source, DocumentValidator.Validate(Load(source, s3BucketOwner), options));

    /// <summary>A local file, an s3:// object read with the expected bucket owner checked by S3, or an Image Builder component ARN.</summary>
    private static LoadedDocument Load(string source, string? s3BucketOwner) =>
        Toe.Aws.DocumentLocations.Default.LoadAsync(source, s3BucketOwner, CancellationToken.None).GetAwaiter().GetResult();
}

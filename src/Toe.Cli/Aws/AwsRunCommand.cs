using System.CommandLine;
using System.Text.RegularExpressions;
using Toe.Aws;
using Toe.Aws.Fleet;

namespace Toe.Cli.Aws;

/// <summary>
/// <c>toe aws run</c>: runs documents on running EC2 instances through SSM Run Command (AWS-RunShellScript).
/// Parses and checks the flags, then hands over to <see cref="FleetRun"/>; prints progress on stderr and
/// one summary per instance on stdout. Exit 0 only when every instance succeeded.
/// </summary>
internal static partial class AwsRunCommand
{
    public static Command Create()
    {
        var documents = new Option<string>("--documents", "-d")
        {
            Description = "Comma-separated component documents: local files (uploaded to the bucket) or s3://bucket/key URIs (passed through).",
            HelpName = "file,file,...",
            Required = true,
        };
        var phases = CliOptions.Phases();
        var parameters = CliOptions.Parameters();
        var instanceIds = new Option<string[]>("--instance-ids")
        {
            Description = "Comma-separated EC2 instance ids to run on (managed by SSM and online). Give this or --targets.",
            HelpName = "i-...,i-...",
            AllowMultipleArgumentsPerToken = false,
        };
        var targets = new Option<string[]>("--targets")
        {
            Description = "Instances by tag, in SSM's syntax: Key=tag:Name,Values=web-1,web-2 (also tag-key, resource-groups:Name). Repeat it to narrow: an instance must match every --targets.",
            HelpName = "Key=...,Values=...",
        };
        var maxConcurrency = new Option<string>("--max-concurrency")
        {
            Description = "How many instances run at the same time: a number or a percentage (10, 25%). Default: SSM's (50).",
            HelpName = "n|n%",
        };
        var maxErrors = new Option<string>("--max-errors")
        {
            Description = "How many failed instances SSM tolerates before it stops sending the command to more: a number or a percentage. Default: 0.",
            HelpName = "n|n%",
        };
        var bucket = new Option<string>("--s3-bucket")
        {
            Description = "S3 bucket for the staged documents (and toe with --install-toe) and the instances' logs. The instances' profile must be allowed to read and write it.",
            HelpName = "bucket",
            Required = true,
        };
        var prefix = new Option<string>("--s3-prefix")
        {
            Description = "Key prefix in the bucket. Each run uses <prefix>/<run id>/ (documents/, bin/, logs/<instance id>/).",
            HelpName = "prefix",
            DefaultValueFactory = _ => "toe-aws-run",
        };
        var installToe = new Option<bool>("--install-toe")
        {
            Description = "Stage this toe binary and have each instance fetch it (curl, signed with the instance profile's credentials), instead of using the toe on the instance's PATH.",
        };
        var executor = new Option<string>("--executor")
        {
            Description = "What the instances run: toe, or awstoe (already installed there) with the same flags.",
            HelpName = "toe|awstoe",
            DefaultValueFactory = _ => "toe",
        };
        var timeout = new Option<int?>("--timeout-seconds")
        {
            Description = $"The command's executionTimeout per instance, 1 to {CommandTimeout.SsmMaximum}. Default: the documents' step timeouts × maxAttempts, plus 10% and {CommandTimeout.MarginSeconds} s (SSM's maximum when a step has no limit).",
            HelpName = "seconds",
        };
        var region = new Option<string>("--region")
        {
            Description = "AWS Region of the instances and the bucket. Default: AWS_REGION, AWS_DEFAULT_REGION or the profile's.",
            HelpName = "region",
        };
        var output = new Option<string>("--output")
        {
            Description = "Format of the summary on stdout: text or json.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        var comment = new Option<string>("--comment")
        {
            Description = "Comment of the SSM command (up to 100 characters), shown in the console. Default: toe aws run <run id>.",
            HelpName = "text",
        };

        var command = new Command("run",
            "Run component documents on running EC2 instances through SSM Run Command (AWS-RunShellScript). " +
            "The documents are validated here, staged to --s3-bucket, and each instance runs toe (or awstoe) with them, uploading its TOE_* log folder to the bucket. " +
            "Progress per instance goes to stderr; at the end one summary per instance (status, failed step, message, logs) to stdout. " +
            "Reboots (exit code 194) are made and resumed by SSM. Exit code 0 when every instance succeeded, 1 otherwise.\n\n" +
            "Examples:\n" +
            "  toe aws run -d component.yml --instance-ids i-0123456789abcdef0 --s3-bucket my-bucket\n" +
            "  toe aws run -d build.yml,test.yml --targets Key=tag:Role,Values=web --max-concurrency 2 --max-errors 1 --s3-bucket my-bucket --install-toe")
        {
            documents, phases, parameters, instanceIds, targets, maxConcurrency, maxErrors, bucket, prefix, installToe, executor, timeout, region, output, comment,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var problems = new List<string>();
            var ids = (parse.GetValue(instanceIds) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            var targetList = new List<FleetTarget>();
            foreach (var text in parse.GetValue(targets) ?? [])
            {
                if (FleetTarget.Parse(text, out var error) is { } target)
                {
                    targetList.Add(target);
                }
                else
                {
                    problems.Add(error);
                }
            }

            if ((ids.Count == 0) == (targetList.Count == 0) && problems.Count == 0)
            {
                problems.Add("give the instances with --instance-ids or with --targets (one of them)");
            }

            problems.AddRange(ids.Where(id => !InstanceId().IsMatch(id)).Select(id => $"--instance-ids: '{id}' is not an instance id (i- and 8 or 17 hex digits; mi- for hybrid nodes)"));
            var concurrency = parse.GetValue(maxConcurrency);
            var errors = parse.GetValue(maxErrors);
            if (concurrency is not null && !CountOrPercent().IsMatch(concurrency) || concurrency is "0" or "0%")
            {
                problems.Add($"--max-concurrency '{concurrency}' is not a number of instances (1 or more) or a percentage (1% to 100%)");
            }

            if (errors is not null && !CountOrPercent().IsMatch(errors))
            {
                problems.Add($"--max-errors '{errors}' is not a number (0 or more) or a percentage (0% to 100%)");
            }

            var executorName = parse.GetValue(executor) ?? "toe";
            var executorKind = executorName.ToLowerInvariant() switch { "toe" => FleetExecutor.Toe, "awstoe" => FleetExecutor.Awstoe, _ => (FleetExecutor?)null };
            if (executorKind is null)
            {
                problems.Add($"--executor '{executorName}' is not toe or awstoe");
            }

            var install = parse.GetValue(installToe);
            if (install && executorKind == FleetExecutor.Awstoe)
            {
                problems.Add("--install-toe installs toe; with --executor awstoe, awstoe must already be on the instances");
            }

            var toeBinary = Environment.ProcessPath;
            if (install && (toeBinary is null || !Path.GetFileName(toeBinary).StartsWith("toe", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add("--install-toe stages the running toe binary, but this toe runs through dotnet (toe.dll); run the published binary (./build.sh) instead");
            }

            if (parse.GetValue(timeout) is { } seconds && seconds is < 1 or > CommandTimeout.SsmMaximum)
            {
                problems.Add($"--timeout-seconds {seconds} is outside SSM's range 1 to {CommandTimeout.SsmMaximum}");
            }

            var format = parse.GetValue(output) ?? "text";
            if (format is not ("text" or "json"))
            {
                problems.Add($"--output '{format}' is not text or json");
            }

            if (parse.GetValue(comment) is { Length: > 100 })
            {
                problems.Add("--comment is longer than SSM's 100 characters");
            }

            var documentList = Toe.Configuration.RunSettingsResolver.SplitList(parse.GetValue(documents));
            if (documentList.Count == 0)
            {
                problems.Add("--documents names no document");
            }

            foreach (var problem in problems)
            {
                await stderr.WriteLineAsync($"toe aws run: error: {problem}").ConfigureAwait(false);
            }

            if (problems.Count > 0)
            {
                return ExitCodes.Failure;
            }

            var options = new FleetRunOptions
            {
                Documents = documentList,
                Phases = parse.GetValue(phases),
                Parameters = parse.GetValue(parameters),
                InstanceIds = ids,
                Targets = targetList,
                MaxConcurrency = concurrency,
                MaxErrors = errors,
                Bucket = parse.GetValue(bucket)!,
                Prefix = parse.GetValue(prefix) ?? "toe-aws-run",
                InstallToe = install,
                Executor = executorKind!.Value,
                TimeoutSeconds = parse.GetValue(timeout),
                Comment = parse.GetValue(comment),
                RunId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}",
                ToeBinary = toeBinary,
            };
            if (int.TryParse(Environment.GetEnvironmentVariable("TOE_AWS_POLL_MS"), out var pollMs) && pollMs is >= 10 and <= 60000)
            {
                // An internal setting (like TOE_S3_PARALLELISM) so the tests need not wait seconds per poll.
                options = options with { PollInterval = TimeSpan.FromMilliseconds(pollMs), MaxPollInterval = TimeSpan.FromMilliseconds(pollMs * 4) };
            }

            return await RunAsync(options, parse.GetValue(region), format == "json", stdout, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(FleetRunOptions options, string? region, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // --region wins over the environment for both the SSM and the S3 clients.
        Func<string, string?> environment = name => region is not null && name is "AWS_REGION" ? region : Environment.GetEnvironmentVariable(name);
        var s3 = new S3ClientFactory(environment);
        var (documents, problems) = await FleetDocuments.LoadAsync(s3, options.Documents, cancellationToken).ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        if (problems.Count > 0)
        {
            await stderr.WriteLineAsync("toe aws run: error: the documents are invalid; nothing was sent").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        try
        {
            var result = await new FleetRun(new SsmClientFactory(new AwsEnvironment(environment)), s3, stderr).RunAsync(options, documents, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync(json ? FleetReport.Json(result) + "\n" : FleetReport.Text(result)).ConfigureAwait(false);
            return result.AllSucceeded ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (AwsFailureException ex)
        {
            await stderr.WriteLineAsync($"toe aws run: error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (S3FailureException ex)
        {
            await stderr.WriteLineAsync($"toe aws run: error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    [GeneratedRegex(@"^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$")]
    private static partial Regex InstanceId();

    [GeneratedRegex(@"^([0-9]+|([0-9]|[1-9][0-9]|100)%)$")]
    private static partial Regex CountOrPercent();
}

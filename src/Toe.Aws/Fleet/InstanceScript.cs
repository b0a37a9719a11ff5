using System.Text;

namespace Toe.Aws.Fleet;

/// <summary>
/// The shell script every instance runs through AWS-RunShellScript (POSIX sh, as the SSM agent runs it).
/// It (1) with --install-toe fetches the staged toe binary with curl, signed with SigV4 by curl itself
/// (<c>--aws-sigv4</c>) using the instance's own credentials (the instance profile through IMDSv2, or AWS_*
/// variables where set), so no credential of the caller ever goes into the command; (2) runs
/// <c>toe run</c> (or <c>awstoe run</c>) with the staged s3:// documents and <c>--log-s3-bucket-name</c>, so
/// the executor reads the documents and uploads every TOE_* folder itself; toe's stdout, the run
/// summary JSON, becomes the command's output; (3) exits with the executor's exit code, so 194 reaches
/// the agent, which reboots and runs the same script again (the binary and the resume state are kept in
/// the command's working folder, which the agent keeps across the reboot).
/// </summary>
public sealed record InstanceScript
{
    /// <summary>Where the binary is installed, relative to the command's working folder.</summary>
    public const string InstalledBinary = "toe-bin/toe";

    /// <summary>Folder of toe's resume state, relative to the command's working folder.</summary>
    public const string StateDirectory = "toe-state";

    public required FleetExecutor Executor { get; init; }

    /// <summary>s3:// URIs of the documents, in run order.</summary>
    public required IReadOnlyList<string> DocumentUris { get; init; }

    public string? Phases { get; init; }

    public string? Parameters { get; init; }

    public required string LogBucket { get; init; }

    /// <summary>Key prefix of the logs; the script appends the instance id.</summary>
    public required string LogKeyPrefix { get; init; }

    /// <summary>The staged binary (with --install-toe), or null to use the toe on PATH.</summary>
    public S3Location? Binary { get; init; }

    /// <summary>Region of the bucket of the binary (for the signature).</summary>
    public string Region { get; init; } = "us-east-1";

    public string RunId { get; init; } = string.Empty;

    /// <summary>The lines of the AWS-RunShellScript <c>commands</c> parameter.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            $"# toe aws run {RunId}: runs the documents with {ExecutorName}, prints its run summary (JSON) and exits with its exit code",
            "instance=\"${AWS_SSM_INSTANCE_ID:-$(hostname)}\"",
        };
        if (Binary is not null)
        {
            lines.AddRange(InstallLines(Binary));
            lines.Add($"executor=\"$PWD/{InstalledBinary}\"");
        }
        else
        {
            lines.Add($"executor={ExecutorName}");
            lines.Add($"command -v {ExecutorName} >/dev/null 2>&1 || {{ echo \"toe aws run: {ExecutorName} is not installed on $instance (not on PATH); install it, or use --install-toe\" >&2; exit 127; }}");
        }

        lines.Add("\"$executor\" " + RunArguments());
        lines.Add("rc=$?");
        lines.Add("exit $rc");
        return lines;
    }

    /// <summary>The whole script as one text (for tests and --trace).</summary>
    public string Text() => string.Join('\n', Lines()) + "\n";

    private string ExecutorName => Executor == FleetExecutor.Awstoe ? "awstoe" : "toe";

    private string RunArguments()
    {
        var args = new StringBuilder("run --documents ").Append(ShellQuoting.Quote(string.Join(',', DocumentUris)));
        if (!string.IsNullOrEmpty(Phases))
        {
            args.Append(" --phases ").Append(ShellQuoting.Quote(Phases));
        }

        if (!string.IsNullOrEmpty(Parameters))
        {
            args.Append(" --parameters ").Append(ShellQuoting.Quote(Parameters));
        }

        args.Append(" --log-s3-bucket-name ").Append(ShellQuoting.Quote(LogBucket));
        args.Append(" --log-s3-key-prefix ").Append(ShellQuoting.Quote(LogKeyPrefix.TrimEnd('/') + "/")).Append("\"$instance\"");
        if (Executor == FleetExecutor.Toe)
        {
            // A per-command state folder, kept by the agent across the reboot it makes on exit code 194.
            args.Append(" --state-directory \"$PWD/").Append(StateDirectory).Append('"');
        }

        return args.ToString();
    }

    private IEnumerable<string> InstallLines(S3Location binary)
    {
        var path = "/" + Escape(binary.Bucket) + "/" + string.Join('/', binary.Key.Split('/').Select(Escape));
        var virtualHost = $"https://{binary.Bucket}.s3.{Region}.amazonaws.com/{string.Join('/', binary.Key.Split('/').Select(Escape))}";
        yield return $"if [ ! -x \"$PWD/{InstalledBinary}\" ]; then";
        yield return "  command -v curl >/dev/null 2>&1 || { echo \"toe aws run: curl is needed on $instance to fetch toe (--install-toe)\" >&2; exit 1; }";
        yield return "  if [ -z \"${AWS_ACCESS_KEY_ID:-}\" ]; then";
        yield return "    imds=http://169.254.169.254/latest";
        yield return "    token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$imds/api/token\") || { echo \"toe aws run: $instance: cannot reach the instance metadata service (IMDSv2) for the instance profile's credentials\" >&2; exit 1; }";
        yield return "    role=$(curl -fsS -H \"X-aws-ec2-metadata-token: $token\" \"$imds/meta-data/iam/security-credentials/\" | head -n 1)";
        yield return "    [ -n \"$role\" ] || { echo \"toe aws run: $instance has no instance profile; attach one that may read s3://" + binary.Bucket + "\" >&2; exit 1; }";
        yield return "    creds=$(curl -fsS -H \"X-aws-ec2-metadata-token: $token\" \"$imds/meta-data/iam/security-credentials/$role\")";
        yield return "    field() { printf '%s\\n' \"$creds\" | sed -n \"s/.*\\\"$1\\\" *: *\\\"\\([^\\\"]*\\)\\\".*/\\1/p\" | head -n 1; }";
        yield return "    AWS_ACCESS_KEY_ID=$(field AccessKeyId); AWS_SECRET_ACCESS_KEY=$(field SecretAccessKey); AWS_SESSION_TOKEN=$(field Token)";
        yield return "  fi";
        yield return "  endpoint=\"${AWS_ENDPOINT_URL_S3:-${AWS_ENDPOINT_URL:-}}\"";
        yield return $"  if [ -n \"$endpoint\" ]; then url=\"${{endpoint%/}}{path}\"; else url={ShellQuoting.Quote(virtualHost)}; fi";
        yield return $"  mkdir -p \"$PWD/{Path.GetDirectoryName(InstalledBinary)}\"";
        // The keys go to curl through its config on stdin, never on a command line that ps shows.
        yield return "  { printf 'user = \"%s:%s\"\\n' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\";";
        yield return "    [ -z \"${AWS_SESSION_TOKEN:-}\" ] || printf 'header = \"x-amz-security-token: %s\"\\n' \"$AWS_SESSION_TOKEN\"; } |";
        yield return $"    curl -fsS --retry 3 --config - --aws-sigv4 {ShellQuoting.Quote("aws:amz:" + Region + ":s3")} -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -o \"$PWD/{InstalledBinary}.part\" \"$url\" \\";
        yield return $"    || {{ echo \"toe aws run: $instance cannot fetch toe from s3://{binary.Bucket}/{binary.Key}: check that its instance profile may s3:GetObject there\" >&2; exit 1; }}";
        yield return $"  chmod 755 \"$PWD/{InstalledBinary}.part\" && mv \"$PWD/{InstalledBinary}.part\" \"$PWD/{InstalledBinary}\"";
        yield return "fi";
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}

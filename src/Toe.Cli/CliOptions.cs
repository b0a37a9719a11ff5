using System.CommandLine;

namespace Toe.Cli;

/// <summary>
/// The options of awstoe's <c>run</c> and <c>validate</c> commands, with the same long and short
/// names so existing scripts switch by changing the binary name (pages cmd-run, cmd-validate).
/// </summary>
internal static class CliOptions
{
    public static Option<string> Documents(bool required) => new("--documents", "-d")
    {
        Description = "Comma-separated component documents to use (no spaces): local paths, s3://bucket/key URIs or Image Builder component ARNs (arn:aws:imagebuilder:<region>:<account>:component/<name>/<x.y.z>/<build>)" + (required ? "." : ". Give this or --config, not both."),
        HelpName = "file,file,...",
        Required = required,
    };

    public static Option<string> Config() => new("--config", "-c")
    {
        Description = "JSON input configuration file, a local path or s3://bucket/key (see schemas/run-config.schema.json). Give this or --documents, not both.",
        HelpName = "file.json",
    };

    public static Option<string> Phases() => new("--phases", "-p")
    {
        Description = "Comma-separated phases to run, e.g. build,test. Other phases are skipped. Phases always run in document order. Default: all.",
        HelpName = "phase,phase,...",
    };

    public static Option<string> Parameters() => new("--parameters")
    {
        Description = "Values for the documents' parameters: name1=value1,name2=value2. Names the documents do not declare are ignored.",
        HelpName = "name=value,...",
    };

    public static Option<string> ExecutionId() => new("--execution-id", "-i")
    {
        Description = "The id of this run, used in the log folder name and the summary. Default: a new GUID.",
        HelpName = "id",
    };

    public static Option<string> LogDirectory() => new("--log-directory", "-l")
    {
        Description = "Folder in which the run's log folder TOE_<time>_<id> is created. Default: the current folder.",
        HelpName = "folder",
    };

    public static Option<string> StateDirectory() => new("--state-directory", "-s")
    {
        Description = "Folder of the state file that lets a run resume after a reboot. Default: /var/lib/toe/state as root, else $XDG_STATE_HOME/toe or ~/.local/state/toe.",
        HelpName = "folder",
    };

    public static Option<string> RebootMode() => new("--reboot-mode")
    {
        Description = "What a reboot request (exit code 194, the Reboot module) does: exit = save state and exit 194 for the caller to reboot and rerun; " +
            "system = save state, register a boot trigger that reruns this command, reboot; simulate = save state and go on at once as if rebooted (local testing); " +
            "fail = the step fails (CI); auto (default) = exit under the SSM agent or at a terminal, system otherwise.",
        HelpName = "auto|exit|system|simulate|fail",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<int> MaxReboots() => new("--max-reboots")
    {
        Description = "Reboots allowed in one run; a step asking for one more fails, which ends reboot loops. Default: 10.",
        HelpName = "count",
        DefaultValueFactory = _ => 10,
    };

    public static Option<bool> Trace() => new("--trace", "-t")
    {
        Description = "More detail: application.log at verbose level (the resolved inputs of every step), and internal errors with their stack trace on stderr.",
    };

    public static Option<bool> Version() => new("--version", "-v")
    {
        Description = "Print the version of toe and exit.",
    };

    public static Option<string> BlockedActionModules() => new("--blocked-action-modules")
    {
        Description = "Comma-separated action modules that may not be used; a document that uses one fails before any step runs.",
        HelpName = "module,module,...",
    };

    public static Option<string> DocumentS3BucketOwner() => new("--document-s3-bucket-owner")
    {
        Description = "Expected account id of the owner of the bucket of s3:// documents and configs (checked by S3).",
        HelpName = "account-id",
    };

    public static Option<string> OsPlatforms() => new("--os-platforms")
    {
        Description = "Also check that every action module is available on this platform: linux, windows or darwin. Without it, modules of any platform are accepted (toe run always checks the host's).",
        HelpName = "linux|windows|darwin",
    };

    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "Output format of the findings: text (default) or json.",
        HelpName = "text|json",
        DefaultValueFactory = _ => "text",
    };

    public static Option<string> Text(string name, string description, string helpName, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = helpName,
    };
}

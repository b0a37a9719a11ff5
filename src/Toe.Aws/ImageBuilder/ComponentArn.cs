using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Toe.Aws.ImageBuilder;

/// <summary>
/// An Image Builder component ARN given as a document: <c>arn:&lt;partition&gt;:imagebuilder:&lt;region&gt;:&lt;account|aws|third-party&gt;:component/&lt;name&gt;/&lt;x.y.z&gt;/&lt;build&gt;</c>
/// (a build-version ARN), or a version ARN without the build (<c>.../1.0.0</c>, <c>.../1.0.x</c>, <c>.../x.x.x</c>), which
/// GetComponent resolves to the newest matching build. Parsing never calls AWS: a malformed ARN fails before any request.
/// </summary>
public sealed partial record ComponentArn(string Text, string Partition, string Region, string Owner, string Name, string Version, long? Build)
{
    public const string Example = "arn:aws:imagebuilder:<region>:<account>:component/<name>/<x.y.z>/<build>";

    /// <summary>True when the ARN names one build (…/1.0.0/1); false for a version ARN the service resolves.</summary>
    public bool IsBuildVersion => Build is not null;

    /// <summary>True for anything that starts like an ARN: such a location is never a local file name.</summary>
    public static bool LooksLikeArn([NotNullWhen(true)] string? text) => text is not null && text.StartsWith("arn:", StringComparison.OrdinalIgnoreCase);

    public static ComponentArn Parse(string text) =>
        TryParse(text, out var arn, out var error) ? arn : throw new FormatException(error);

    /// <summary>Parses and checks an ARN; <paramref name="error"/> is one line that says what is wrong and what to write instead.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ComponentArn? arn, out string error)
    {
        arn = null;
        error = string.Empty;
        var parts = text.Split(':', 6);
        if (parts.Length < 6 || !parts[0].Equals("arn", StringComparison.Ordinal))
        {
            error = Malformed(text, "an ARN has six ':'-separated fields");
            return false;
        }

        var (partition, service, region, owner, resource) = (parts[1], parts[2], parts[3], parts[4], parts[5]);
        if (!PartitionPattern().IsMatch(partition))
        {
            error = Malformed(text, $"the partition '{partition}' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)");
            return false;
        }

        if (!service.Equals("imagebuilder", StringComparison.Ordinal))
        {
            error = $"'{text}' is an ARN of {(service.Length == 0 ? "no service" : $"'{service}'")}, not an Image Builder component; give {Example}";
            return false;
        }

        if (!RegionPattern().IsMatch(region))
        {
            error = Malformed(text, region.Length == 0 ? "the Region field is empty" : $"'{region}' is not a Region name such as us-west-2");
            return false;
        }

        if (!OwnerPattern().IsMatch(owner))
        {
            error = Malformed(text, $"the owner '{owner}' must be a 12-digit account ID, 'aws' (Amazon-managed components) or 'third-party'");
            return false;
        }

        var segments = resource.Split('/');
        if (!segments[0].Equals("component", StringComparison.Ordinal))
        {
            error = $"'{text}' names an Image Builder {segments[0]}, not a component; give {Example}";
            return false;
        }

        if (segments.Length < 3 || segments[1].Length == 0)
        {
            error = Malformed(text, segments.Length < 2 || segments[1].Length == 0 ? "it names no component" : "it names no version; add /<x.y.z>/<build> after the component name");
            return false;
        }

        var name = segments[1];
        if (!NamePattern().IsMatch(name))
        {
            error = Malformed(text, $"the component name '{name}' may hold only lower-case letters, digits, '-' and '_' in an ARN (as Image Builder writes it)");
            return false;
        }

        if (segments.Length > 4)
        {
            error = Malformed(text, "it has more fields than component/<name>/<x.y.z>/<build>");
            return false;
        }

        var version = segments[2];
        if (segments.Length == 4)
        {
            if (!SemanticVersionPattern().IsMatch(version))
            {
                error = Malformed(text, $"the version '{version}' of a build-version ARN must be three numbers such as 1.0.0");
                return false;
            }

            if (!long.TryParse(segments[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var build) || segments[3].Length == 0)
            {
                error = Malformed(text, $"the build '{segments[3]}' must be a number such as 1 (Image Builder numbers the builds of a version)");
                return false;
            }

            arn = new ComponentArn(text, partition, region, owner, name, version, build);
            return true;
        }

        if (!VersionFilterPattern().IsMatch(version))
        {
            error = Malformed(text, $"the version '{version}' must be x.y.z numbers, with 'x' allowed only in trailing places (1.0.x, 1.x.x, x.x.x)");
            return false;
        }

        arn = new ComponentArn(text, partition, region, owner, name, version, null);
        return true;
    }

    private static string Malformed(string text, string reason) =>
        $"'{text}' is not a valid component ARN: {reason}; give {Example}";

    public override string ToString() => Text;

    [GeneratedRegex("^aws(-[a-z]+)*$")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^([0-9]{12}|aws(-[a-z-]+)?|third-party)$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]+\\.[0-9]+\\.[0-9]+$")]
    private static partial Regex SemanticVersionPattern();

    /// <summary>x.y.z where a wildcard 'x' may replace trailing numbers only: 1.0.x, 1.x.x, x.x.x.</summary>
    [GeneratedRegex("^([0-9]+\\.[0-9]+\\.([0-9]+|x)|[0-9]+\\.x\\.x|x\\.x\\.x)$")]
    private static partial Regex VersionFilterPattern();
}

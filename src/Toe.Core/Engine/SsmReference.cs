namespace Toe.Engine;

/// <summary>
/// The text after <c>aws:ssm:</c>, shared by validation and the run: a parameter name (<c>/app/db/host</c>,
/// <c>name:3</c>, <c>name:label</c>, a parameter ARN), or <c>resolve(argument)</c> whose argument names the
/// parameter indirectly: a document parameter or constant (<c>resolve(ParamName)</c>, the AWS example) or
/// another SSM parameter (<c>resolve(aws:ssm:/path/holding/the/name)</c>).
/// </summary>
public sealed record SsmReference(string? Name, string? ResolveVariable, string? ResolveSsmName)
{
    public const string Example = "e.g. {{ aws:ssm:/my/parameter }} or {{ aws:ssm:resolve(ParameterName) }}";

    /// <summary>SSM's limit for a parameter name, an ARN included (PutParameter/GetParameter API reference).</summary>
    public const int MaxNameLength = 2048;

    /// <summary>Parses the key; null with the reason when it is not a usable form.</summary>
    public static SsmReference? Parse(string key, out string problem)
    {
        problem = string.Empty;
        var text = key.Trim();
        if (text.StartsWith("resolve(", StringComparison.Ordinal))
        {
            if (!text.EndsWith(')'))
            {
                problem = $"resolve( has no closing ')'; {Example}";
                return null;
            }

            var argument = text["resolve(".Length..^1].Trim();
            if (argument.Length == 0)
            {
                problem = $"aws:ssm: needs a parameter name, {Example}";
                return null;
            }

            if (argument.StartsWith("aws:ssm:", StringComparison.Ordinal))
            {
                var inner = argument["aws:ssm:".Length..].Trim();
                if (NameProblem(inner) is { } innerProblem)
                {
                    problem = innerProblem;
                    return null;
                }

                return new SsmReference(null, null, inner);
            }

            if (!argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                problem = $"resolve() takes the name of a document parameter or constant (letters, digits, '-' and '_') or aws:ssm:<name>, not '{argument}'";
                return null;
            }

            return new SsmReference(null, argument, null);
        }

        if (NameProblem(text) is { } nameProblem)
        {
            problem = nameProblem;
            return null;
        }

        return new SsmReference(text, null, null);
    }

    /// <summary>
    /// Why a parameter name cannot be an SSM parameter name, or null. SSM names hold letters, digits and
    /// <c>_ . - /</c>; <c>:</c> appears in ARNs and in version/label selectors (<c>name:3</c>). Anything else
    /// (spaces, braces, quotes) SSM would refuse with ValidationException, so it is refused before the run.
    /// </summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return $"aws:ssm: needs a parameter name, {Example}";
        }

        if (name.Length > MaxNameLength)
        {
            return $"an SSM parameter name has at most {MaxNameLength} characters; this one has {name.Length}";
        }

        var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ':'));
        return bad == default
            ? null
            : $"'{name}' is not an SSM parameter name: '{bad}' is not allowed (names hold letters, digits and _ . - /; ':' only in ARNs and version selectors)";
    }
}

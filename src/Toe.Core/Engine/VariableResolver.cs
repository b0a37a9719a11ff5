using System.Globalization;
using Toe.Documents;
using Toe.Expressions;
using Toe.Reports;

namespace Toe.Engine;

/// <summary>
/// Where a string is being resolved: the step, whether chaining references are allowed there, and the
/// step's loop iteration (null outside the inputs of a loop step).
/// </summary>
internal readonly record struct ResolveScope(string Phase, string Step, bool AllowChaining, LoopIteration? Loop = null);

/// <summary>
/// Resolves <c>{{ }}</c> references of one document: parameters and constants, chaining,
/// <c>env:</c> and <c>context:</c>. Problems are collected, not thrown; the step then fails with them.
/// </summary>
internal sealed class VariableResolver
{
    private readonly Dictionary<string, string?> _variables;
    private readonly ChainingStore _chaining;
    private readonly IHostEnvironment _host;
    private readonly IClock _clock;
    private readonly string _executionId;
    private readonly IInstanceMetadata _metadata;

    public VariableResolver(Dictionary<string, string?> variables, ChainingStore chaining, IHostEnvironment host, IClock clock, string executionId, IInstanceMetadata? metadata = null)
    {
        _metadata = metadata ?? NoInstanceMetadata.Instance;
        _variables = variables;
        _chaining = chaining;
        _host = host;
        _clock = clock;
        _executionId = executionId;
    }

    /// <summary>
    /// Parameter values for a document: global values, then the document's own values over them,
    /// then defaults for the rest (null: no value at all). Constants are added last and cannot be
    /// overridden. Names the document does not declare are ignored.
    /// </summary>
    public static Dictionary<string, string?> BuildVariables(ComponentDocument document, IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, string> own)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var parameter in document.Parameters)
        {
            values[parameter.Name] = own.TryGetValue(parameter.Name, out var mine) ? mine
                : global.TryGetValue(parameter.Name, out var shared) ? shared
                : parameter.Default;
        }

        foreach (var constant in document.Constants)
        {
            values[constant.Name] = constant.Value ?? string.Empty;
        }

        return values;
    }

    public string Render(string text, ResolveScope scope, List<string> errors, List<(string Expression, string Value)>? chainingUsed)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        return Template.Parse(text).Render(reference => Resolve(reference, scope, errors, chainingUsed));
    }

    private string? Resolve(Reference reference, ResolveScope scope, List<string> errors, List<(string, string)>? chainingUsed)
    {
        var expression = $"{{{{ {reference.Text} }}}}";
        switch (reference.Kind)
        {
            case ReferenceKind.Variable:
                if (!_variables.TryGetValue(reference.Key!, out var value))
                {
                    errors.Add($"'{expression}' is not a parameter or constant of this document");
                    return null;
                }

                if (value is null)
                {
                    errors.Add($"parameter '{reference.Key}' has no value: it has no default and no value was given for it");
                    return null;
                }

                return value;

            case ReferenceKind.Chaining when !scope.AllowChaining:
                errors.Add($"'{expression}': chaining references can only be used in step inputs");
                return null;

            case ReferenceKind.Chaining:
                if (_chaining.TryResolve(reference, out var chained, out var error))
                {
                    chainingUsed?.Add((expression, chained));
                    return chained;
                }

                errors.Add(error);
                return null;

            case ReferenceKind.Loop:
                return ResolveLoop(reference, scope.Loop, expression, errors);

            case ReferenceKind.Prefixed when reference.Scope == "env":
                // Unset variables become empty strings (the AWS pages do not say; see docs/compatibility.md).
                return _host.GetEnvironmentVariable(reference.Key!) ?? string.Empty;

            case ReferenceKind.Prefixed when reference.Scope == "context":
                var context = Context(reference.Key!, scope);
                if (context is null)
                {
                    errors.Add($"'{expression}' is not a known context variable (known: executionId, phase, step, osPlatform, osName, osVersion, hostname, date, dateTime, uuid, accountId, region)");
                }

                return context;

            case ReferenceKind.Prefixed when reference.Scope == "aws:imds":
                return InstanceMetadata(reference.Key!, expression, errors);

            case ReferenceKind.Prefixed:
                errors.Add($"'{expression}': {reference.Scope} variables are not supported yet in Toe");
                return null;

            case ReferenceKind.ForeignTemplate:
                return null; // A Go template (docker --format '{{ .Names }}'): left as written.

            default:
                errors.Add($"'{expression}' is not a valid reference");
                return null;
        }
    }

    /// <summary>
    /// <c>{{ loop.* }}</c> and <c>{{ &lt;name&gt;.* }}</c> of the running step's own loop. Anything else is an
    /// error, as in the validator (AWSTOE would leave it unreplaced, which a script would then run as written).
    /// </summary>
    private static string? ResolveLoop(Reference reference, LoopIteration? loop, string expression, List<string> errors)
    {
        if (loop is null)
        {
            errors.Add($"'{expression}': loop variables can only be used in the inputs of a step that has a loop");
            return null;
        }

        if (reference.Scope != LoopExpansion.DefaultName && reference.Scope != loop.Name)
        {
            errors.Add($"'{expression}': the loop of this step is {(loop.Name == LoopExpansion.DefaultName ? "not named" : $"named '{loop.Name}'")}; a step can only read its own loop");
            return null;
        }

        if (loop.IsPlaceholder)
        {
            return null; // Left as written (see LoopIteration).
        }

        return reference.Key == "index" ? loop.Index.ToString(CultureInfo.InvariantCulture) : loop.Value;
    }

    /// <summary>
    /// <c>{{ aws:imds:path }}</c>. Credential paths are refused here too, for documents that were not validated.
    /// </summary>
    private string? InstanceMetadata(string path, string expression, List<string> errors)
    {
        if (ImdsPaths.Problem(path) is { } problem)
        {
            errors.Add($"'{expression}': {problem}");
            return null;
        }

        if (_metadata.TryGet(ImdsPaths.Normalize(path), out var value, out var failure))
        {
            return value;
        }

        errors.Add($"'{expression}': {failure}");
        return null;
    }

    private string? Context(string key, ResolveScope scope) => key.ToUpperInvariant() switch
    {
        "EXECUTIONID" => _executionId,
        "PHASE" => scope.Phase,
        "STEP" => scope.Step,
        "OSPLATFORM" => _host.OsPlatform,
        "OSNAME" => _host.OsName,
        "OSVERSION" => _host.OsVersion,
        "HOSTNAME" => _host.Hostname,
        // From IMDS's identity document; off EC2 (IMDS unreachable) the host's values, empty on a real machine.
        "ACCOUNTID" => _metadata.Identity()?.AccountId ?? _host.AccountId,
        "REGION" => _metadata.Identity()?.Region ?? _host.Region,
        "DATE" => _clock.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "DATETIME" => Timestamps.Format(_clock.Now),
        "UUID" => Guid.NewGuid().ToString(),
        _ => null,
    };
}

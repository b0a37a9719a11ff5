using System.Globalization;
using Toe.Documents;
using Toe.Expressions;
using Toe.Logging;
using Toe.Reports;

namespace Toe.Engine;

/// <summary>
/// Where a string is being resolved: the step, whether chaining references are allowed there, and the
/// step's loop iteration (null outside the inputs of a loop step).
/// </summary>
internal readonly record struct ResolveScope(string Phase, string Step, bool AllowChaining, LoopIteration? Loop = null);

/// <summary>
/// Resolves <c>{{ }}</c> references of one document: parameters and constants, chaining, loops,
/// <c>env:</c>, <c>context:</c>, <c>aws:imds:</c> and <c>aws:ssm:</c>. Problems are collected, not thrown; the
/// step then fails with them.
/// </summary>
internal sealed class VariableResolver
{
    private readonly Dictionary<string, string?> _variables;
    private readonly ChainingStore _chaining;
    private readonly IHostEnvironment _host;
    private readonly IClock _clock;
    private readonly string _executionId;
    private readonly IInstanceMetadata _metadata;
    private readonly IParameterStore _parameters;
    private readonly ISecretMasker? _secrets;

    public VariableResolver(Dictionary<string, string?> variables, ChainingStore chaining, IHostEnvironment host, IClock clock, string executionId,
        IInstanceMetadata? metadata = null, IParameterStore? parameters = null, ISecretMasker? secrets = null)
    {
        _metadata = metadata ?? NoInstanceMetadata.Instance;
        _parameters = parameters ?? NoParameterStore.Instance;
        _secrets = secrets;
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

            case ReferenceKind.Prefixed when reference.Scope == "aws:ssm":
                return SsmParameter(reference.Key!, expression, errors);

            case ReferenceKind.Prefixed:
                errors.Add($"'{expression}': {reference.Scope} variables are not supported in Toe");
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

    /// <summary>
    /// <c>{{ aws:ssm:name }}</c> and <c>{{ aws:ssm:resolve(...) }}</c>. A secret value (SecureString, Secrets
    /// Manager reference) is registered with the masker before it is returned, so no sink ever sees it.
    /// </summary>
    private string? SsmParameter(string key, string expression, List<string> errors)
    {
        if (SsmReference.Parse(key, out var problem) is not { } reference)
        {
            errors.Add($"'{expression}': {problem}");
            return null;
        }

        var name = reference.Name;
        if (reference.ResolveVariable is { } variable)
        {
            if (!_variables.TryGetValue(variable, out var named) || named is null)
            {
                errors.Add(named is null && _variables.ContainsKey(variable)
                    ? $"'{expression}': parameter '{variable}' has no value, so there is no SSM parameter name to resolve; give it a value with --parameters {variable}=/my/parameter"
                    : $"'{expression}': '{variable}' is not a parameter or constant of this document; resolve() takes the name of one whose value is an SSM parameter name");
                return null;
            }

            name = named.Trim();
        }
        else if (reference.ResolveSsmName is { } holder)
        {
            if (Fetch(holder, expression, errors) is not { } held)
            {
                return null;
            }

            name = held.Trim();
        }

        if (reference.Name is null && SsmReference.NameProblem(name!) is { } nameProblem)
        {
            errors.Add($"'{expression}' resolved to a name SSM cannot have: {(_secrets?.Mask(nameProblem) ?? nameProblem)}");
            return null;
        }

        return Fetch(name!, expression, errors);
    }

    private string? Fetch(string name, string expression, List<string> errors)
    {
        if (_parameters.TryGet(name, out var failure) is not { } parameter)
        {
            errors.Add($"'{expression}': {failure}");
            return null;
        }

        if (parameter.IsSecret)
        {
            RegisterSecret(parameter.Value);
        }

        return parameter.Value;
    }

    /// <summary>
    /// The whole value, and each line of a multi-line value (console.log receives output line by line); lines
    /// shorter than 4 characters are left alone, as for disableLogging outputs, or every "}" would be masked.
    /// </summary>
    private void RegisterSecret(string value)
    {
        if (_secrets is null)
        {
            return;
        }

        _secrets.AddValue(value);
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            foreach (var line in value.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 4))
            {
                _secrets.AddValue(line);
            }
        }
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

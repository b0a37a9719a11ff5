using System.Globalization;
using System.Text.Json.Nodes;
using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// Turns one failing schema keyword into a diagnostic a person can act on: it names the step or
/// phase, the field, what is allowed (read from the schema itself) and what was written.
/// </summary>
internal sealed class SchemaMessages(YNode root, string source)
{
    private const string NameRule = "must be 3 to 128 characters of letters, digits, '_' or '-'";

    public Diagnostic Describe(SchemaError error)
    {
        var node = YamlJson.Find(root, error.Instance, out var key);
        var place = InstancePlace.Of(root, error.Instance);
        var described = error.Keyword switch
        {
            "" => FalseSchema(error, node, key, place),
            "required" => Required(error, node, place),
            "dependentRequired" => DependentRequired(error, node, place),
            "type" => WrongType(error, node, place),
            "enum" => NotInEnum(error, node, place),
            "const" => NotConst(error, node, place),
            "pattern" => Pattern(error, node, key, place),
            "minItems" or "maxItems" => ItemCount(error, node, place),
            "minProperties" or "maxProperties" => KeyCount(error, node, place),
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => OutOfRange(error, node, place),
            "oneOf" or "anyOf" => new Described(DiagnosticCodes.SchemaOneOf, node, $"{place.Prefix}{FieldOr(place, "the value")} does not match any of the allowed forms ({error.LibraryMessage})"),
            _ => new Described(DiagnosticCodes.SchemaOther, node, $"{place.Prefix}{FieldOr(place, "the document")}: {error.LibraryMessage}"),
        };

        return Diagnostic.Error(described.Code, Locate(described.At), described.Message);
    }

    private SourceLocation Locate(YNode node) => node.Location with { File = source };

    private static string FieldOr(InstancePlace place, string fallback) => place.Field.Length == 0 ? fallback : place.Field;

    /// <summary>A false subschema: an unknown key (additionalProperties), a key ruled out by an if/then, or a value ruled out entirely.</summary>
    private Described FalseSchema(SchemaError error, YNode node, YScalar? key, InstancePlace place)
    {
        var last = error.Last;
        var parentPlace = ParentPlace(error);
        if (last.Keyword == "additionalProperties" && key is not null)
        {
            var allowed = PropertyNames(error.Back(1)?.Object);
            return new Described(DiagnosticCodes.SchemaUnknownKey, key, UnknownKey(error, key.Value, parentPlace, allowed));
        }

        if (last.Keyword == "properties" && key is not null)
        {
            if (ExclusivePair(error.Back(2)?.Object) is var (first, second) && error.Back(1)?.Keyword is "then" or "else")
            {
                return new Described(DiagnosticCodes.SchemaOneOf, key, $"{parentPlace.Prefix}{FieldOr(parentPlace, "it")} must have exactly one of '{first}' or '{second}' (both are given; remove one)");
            }

            return new Described(DiagnosticCodes.SchemaUnknownKey, key, $"{parentPlace.Prefix}'{key.Value}' is not allowed {Within(parentPlace)}");
        }

        if (last.Keyword is "then" or "else" && error.Back(1)?.Object?["if"] is JsonObject condition && condition["const"] is { } forbidden)
        {
            if (place.Field == "timeoutSeconds")
            {
                return new Described(DiagnosticCodes.SchemaOutOfRange, node, $"{place.Prefix}timeoutSeconds must not be {forbidden.ToJsonString()}: give the seconds the step may run (1 or more), or -1 for no timeout");
            }

            return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"{place.Prefix}{FieldOr(place, "the value")} must not be {forbidden.ToJsonString()}");
        }

        return new Described(DiagnosticCodes.SchemaOther, node, $"{place.Prefix}{FieldOr(place, "this value")} is not allowed here");
    }

    private static string UnknownKey(SchemaError error, string name, InstancePlace parent, IReadOnlyList<string> allowed)
    {
        var suggestion = Suggest.Closest(name, allowed);
        var hint = suggestion is null || allowed.Count == 1 ? string.Empty : $"; did you mean '{suggestion}'?";
        var definition = LastDefinition(error);
        if (definition is "condition" or "ifCondition")
        {
            var operators = allowed.Where(a => a is not ("and" or "or" or "not" or "value" or "path" or "then" or "else"));
            var expected = suggestion is null
                ? $"expected one of the comparison operators {string.Join(", ", operators)}; the logical operators and, or, not; or the operands value, path"
                : $"did you mean '{suggestion}'?";
            return $"{parent.Prefix}unknown operator '{name}' in {FieldOr(parent, "the condition")} ({expected})";
        }

        if (parent.IsInInputs && parent.Action is { } action)
        {
            var within = parent.Field == "inputs" ? string.Empty : $" in {parent.Field}";
            return $"{parent.Prefix}unknown input '{name}'{within} for {action} (expected: {string.Join(", ", allowed)}){hint}";
        }

        var where = parent.Subject.Length == 0 && parent.Field.Length == 0
            ? "at the top level of the document"
            : parent.Field.Length == 0 ? $"in a {SubjectKind(parent)}" : $"in {parent.Field}";
        return $"{parent.Prefix}unknown key '{name}' {where} (expected: {string.Join(", ", allowed)}){hint}";
    }

    private Described Required(SchemaError error, YNode node, InstancePlace place)
    {
        var schema = error.Last.Object;
        var missing = Strings(schema?["required"]).Where(k => node.Child(k) is null && !(node is YMapping m && m.ContainsKey(k))).ToList();
        if (missing.Count == 0)
        {
            missing = Strings(schema?["required"]).ToList();
        }

        var names = string.Join(", ", missing.Select(m => $"'{m}'"));
        if (error.Last.Keyword == "else" && ExclusivePair(error.Back(1)?.Object) is var (first, second))
        {
            return new Described(DiagnosticCodes.SchemaOneOf, node, $"{place.Prefix}{FieldOr(place, "it")} must have exactly one of '{first}' or '{second}' (neither is given)");
        }

        if (ActionOfBranch(error) is { } action && missing.Contains("inputs"))
        {
            return new Described(DiagnosticCodes.SchemaRequired, node, $"{place.Prefix}missing 'inputs': the {action} action needs inputs ({InputsSummary(action)})");
        }

        if (place.IsInInputs && place.Action is { } inputsAction)
        {
            var within = place.Field == "inputs" ? string.Empty : $" in {place.Field}";
            return new Described(DiagnosticCodes.SchemaRequired, node, $"{place.Prefix}missing required input{Plural(missing)} {names}{within} for {inputsAction}");
        }

        var hint = missing.Contains("schemaVersion") && place.Subject.Length == 0 && place.Field.Length == 0 ? " (add 'schemaVersion: 1.0')" : string.Empty;
        var message = place.Field.Length == 0
            ? $"{place.Prefix}missing required key{Plural(missing)} {names}{hint}"
            : $"{place.Prefix}{place.Field} is missing required key{Plural(missing)} {names}";
        return new Described(DiagnosticCodes.SchemaRequired, node, message);
    }

    private static Described DependentRequired(SchemaError error, YNode node, InstancePlace place)
    {
        var dependencies = error.Last.Object?["dependentRequired"] as JsonObject;
        var problems = new List<string>();
        if (node is YMapping map && dependencies is not null)
        {
            foreach (var (name, needed) in dependencies)
            {
                if (!map.ContainsKey(name))
                {
                    continue;
                }

                foreach (var dependency in Strings(needed).Where(d => !map.ContainsKey(d)))
                {
                    problems.Add($"{name} needs a '{dependency}' key beside it ({OperandHint(name, dependency)})");
                }
            }
        }

        var text = problems.Count > 0 ? string.Join("; ", problems) : error.LibraryMessage;
        return new Described(DiagnosticCodes.SchemaRequired, node, $"{place.Prefix}{(place.Field.Length == 0 ? string.Empty : place.Field + ": ")}{text}");
    }

    private static string OperandHint(string op, string dependency) => dependency switch
    {
        "value" => "the value to compare",
        "path" => "the file whose hash to check",
        _ => "required with it",
    };

    private static Described WrongType(SchemaError error, YNode node, InstancePlace place)
    {
        var expected = TypePhrase(error, place);
        var forAction = place.Field == "inputs" && place.Action is { } action ? $" for {action}" : string.Empty;
        return new Described(DiagnosticCodes.SchemaWrongType, node, $"{What(place)}{forAction} must be {expected} (got {Got(node)})");
    }

    private static string TypePhrase(SchemaError error, InstancePlace place)
    {
        var definition = error.Last.Definition;
        if (definition is not null && DefinitionPhrases.TryGetValue(definition, out var phrase))
        {
            return phrase;
        }

        if (place.Field == "inputs" && error.Last.Object?["type"] is JsonValue single && single.GetValue<string>() == "array")
        {
            return "a list of mappings, one per operation";
        }

        return string.Join(" or ", Strings(error.Last.Object?["type"]).Select(TypeName));
    }

    private static readonly Dictionary<string, string> DefinitionPhrases = new(StringComparer.Ordinal)
    {
        ["integerLike"] = "a whole number (or a {{ }} reference)",
        ["booleanLike"] = "true or false (or a {{ }} reference)",
        ["stringLike"] = "a single value (a string)",
        ["numberOperand"] = "a number or a string",
        ["ifConstruct"] = "a condition mapping (or a one-item list holding one)",
        ["notOperand"] = "a condition mapping (or a one-item list holding one)",
        ["condition"] = "a condition mapping such as 'stringEquals: x' with 'value: y'",
        ["ifCondition"] = "a condition mapping such as 'stringEquals: x' with 'value: y'",
        ["forEachLoop"] = "a list of values, or a mapping with 'list' and 'delimiter'",
    };

    private static string TypeName(string jsonType) => jsonType switch
    {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "empty",
        _ => jsonType,
    };

    private static Described NotInEnum(SchemaError error, YNode node, InstancePlace place)
    {
        var allowed = Values(error.Last.Object?["enum"]);
        var got = Got(node);
        if (place.Field == "action" && place.Subject.StartsWith("step", StringComparison.Ordinal))
        {
            var suggestion = Suggest.Closest(DocumentModelBuilder.Text(node) ?? string.Empty, allowed);
            var expected = suggestion is null ? $"expected one of: {string.Join(", ", allowed)}" : $"did you mean '{suggestion}'?";
            var what = node is YScalar { IsNull: true } ? "action is empty" : $"unknown action module {got}";
            return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"{place.Prefix}{what} ({expected})");
        }

        if (place.Subject.Length == 0 && place.Field == "schemaVersion")
        {
            return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"schemaVersion must be 1.0 (got {got}); AWSTOE knows only schema version 1.0");
        }

        var list = allowed.Count == 1 ? Printable(allowed[0]) : "one of " + string.Join(", ", allowed.Select(Printable));
        return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"{place.Prefix}{FieldOr(place, "the value")} must be {list} (got {got})");
    }

    private static Described NotConst(SchemaError error, YNode node, InstancePlace place)
    {
        var expected = error.Last.Object?["const"]?.ToJsonString() ?? "?";
        var forAction = ActionOfBranch(error) is { } action ? $" for {action}" : string.Empty;
        return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"{place.Prefix}{FieldOr(place, "the value")} must be {expected}{forAction} (got {Got(node)})");
    }

    private static Described Pattern(SchemaError error, YNode node, YScalar? key, InstancePlace place)
    {
        var definition = error.Last.Definition;
        var text = DocumentModelBuilder.Text(node) ?? string.Empty;
        if (error.Frames.Any(f => f.Keyword == "propertyNames"))
        {
            var kind = error.Instance.Count > 0 && error.Instance[0] == "constants" ? "constant" : "parameter";
            return new Described(DiagnosticCodes.SchemaPattern, (YNode?)key ?? node, $"{kind} name '{Shorten.Name(key?.Value ?? text)}' {NameRule}");
        }

        if (definition == "name")
        {
            var kind = place.Subject.StartsWith("step", StringComparison.Ordinal) ? "step" : place.Subject.StartsWith("phase", StringComparison.Ordinal) ? "phase" : "name";
            return new Described(DiagnosticCodes.SchemaPattern, node, $"{kind} name '{Shorten.Name(text)}' {NameRule}");
        }

        if (definition == "encoding")
        {
            return new Described(DiagnosticCodes.SchemaNotAllowedValue, node, $"{place.Prefix}{place.Field} must be one of utf8, utf-8, utf16, utf-16, utf16-LE, utf-16-LE, utf16-BE, utf-16-BE, utf32, utf-32, utf32-LE, utf-32-LE, utf32-BE, utf-32-BE (got {Got(node)})");
        }

        var isNumber = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
        var fieldName = place.Field.Split('.')[^1];
        var specific = fieldName switch
        {
            "timeoutSeconds" when place.Subject.StartsWith("step", StringComparison.Ordinal) => "must be the seconds the step may run (1 or more), or -1 for no timeout",
            "maxAttempts" when place.Subject.StartsWith("step", StringComparison.Ordinal) => "must be a whole number of attempts, 1 or more",
            _ => null,
        };
        if (specific is not null)
        {
            return new Described(isNumber ? DiagnosticCodes.SchemaOutOfRange : DiagnosticCodes.SchemaWrongType, node, $"{place.Prefix}{fieldName} {specific} (got {Got(node)})");
        }

        if (definition is not null && DefinitionPhrases.TryGetValue(definition, out var phrase))
        {
            return new Described(DiagnosticCodes.SchemaWrongType, node, $"{place.Prefix}{FieldOr(place, "the value")} must be {phrase} (got {Got(node)})");
        }

        var pattern = error.Last.Object?["pattern"]?.GetValue<string>() ?? "?";
        return new Described(DiagnosticCodes.SchemaPattern, node, $"{place.Prefix}{FieldOr(place, "the value")} does not have the expected form (pattern {pattern}) (got {Got(node)})");
    }

    private static Described ItemCount(SchemaError error, YNode node, InstancePlace place)
    {
        var count = node is YSequence list ? list.Items.Count : 0;
        var field = place.Field.Length == 0 ? What(place) : place.Field;
        var prefix = place.Field.Length == 0 ? string.Empty : place.Prefix;
        if (error.Keyword == "minItems")
        {
            var minimum = Number(error.Last.Object?["minItems"]);
            var what = field.EndsWith("steps", StringComparison.Ordinal) ? "step" : field.EndsWith("phases", StringComparison.Ordinal) ? "phase" : "item";
            return new Described(DiagnosticCodes.SchemaItemCount, node, $"{prefix}{field} must list at least {minimum} {what}{(minimum == 1 ? string.Empty : "s")} (got {(count == 0 ? "an empty list" : count.ToString(CultureInfo.InvariantCulture))})");
        }

        var maximum = Number(error.Last.Object?["maxItems"]);
        var oneCondition = error.Last.Definition is "ifConstruct" or "notOperand" || field.EndsWith("not", StringComparison.Ordinal) || field.EndsWith("if", StringComparison.Ordinal);
        var reason = oneCondition ? "; combine several conditions with 'and' or 'or'" : string.Empty;
        return new Described(DiagnosticCodes.SchemaItemCount, node, $"{prefix}{field} must list at most {maximum} item{(maximum == 1 ? string.Empty : "s")} (got {count}){reason}");
    }

    private static Described KeyCount(SchemaError error, YNode node, InstancePlace place)
    {
        var keys = node is YMapping map ? map.Keys.ToList() : [];
        if (error.Last.Definition is "parameterEntry" or "constantEntry" || error.Instance.Count == 2 && error.Instance[0] is "parameters" or "constants")
        {
            var kind = error.Instance[0] == "constants" ? "constant" : "parameter";
            return keys.Count == 0
                ? new Described(DiagnosticCodes.SchemaItemCount, node, $"{place.Prefix}the list item is empty; write '- Name:' followed by the {kind}'s type and {(kind == "constant" ? "value" : "default")}")
                : new Described(DiagnosticCodes.SchemaItemCount, node, $"each item under {error.Instance[0]} defines one {kind}, but this one defines {keys.Count} ({string.Join(", ", keys)}); start each with its own '- '");
        }

        return error.Keyword == "minProperties"
            ? new Described(DiagnosticCodes.SchemaItemCount, node, $"{What(place)} must not be empty")
            : new Described(DiagnosticCodes.SchemaItemCount, node, $"{What(place)} has too many keys ({string.Join(", ", keys)})");
    }

    private static Described OutOfRange(SchemaError error, YNode node, InstancePlace place)
    {
        var schema = error.Last.Object;
        var bound = error.Keyword switch
        {
            "minimum" => $"at least {schema?["minimum"]?.ToJsonString()}",
            "maximum" => $"at most {schema?["maximum"]?.ToJsonString()}",
            "exclusiveMinimum" => $"more than {schema?["exclusiveMinimum"]?.ToJsonString()}",
            _ => $"less than {schema?["exclusiveMaximum"]?.ToJsonString()}",
        };
        var field = FieldOr(place, "the value");
        var hint = field == "timeoutSeconds" ? " (-1 means no timeout)" : string.Empty;
        return new Described(DiagnosticCodes.SchemaOutOfRange, node, $"{place.Prefix}{field} must be {bound}{hint} (got {Got(node)})");
    }

    /// <summary>The action of an <c>allOf: [{ if: { properties: { action: { const: X } } }, then: ... }]</c> branch the error is under.</summary>
    private static string? ActionOfBranch(SchemaError error)
    {
        for (var i = error.Frames.Count - 1; i > 0; i--)
        {
            if (error.Frames[i].Keyword == "then" && error.Frames[i - 1].Object?["if"]?["properties"]?["action"]?["const"] is JsonValue action)
            {
                return action.GetValue<string>();
            }
        }

        return null;
    }

    /// <summary>
    /// Recognises <c>if: {required: [A]}, then: {properties: {B: false}}, else: {required: [B]}</c>,
    /// the schema's way of saying "exactly one of A and B".
    /// </summary>
    private static (string First, string Second)? ExclusivePair(JsonObject? holder)
    {
        if (holder?["if"]?["required"] is JsonArray { Count: 1 } first
            && holder["then"]?["properties"] is JsonObject ruledOut
            && ruledOut.FirstOrDefault(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False) is { Key: { } second })
        {
            var a = first[0]!.GetValue<string>();
            return string.CompareOrdinal(a, second) < 0 ? (a, second) : (second, a);
        }

        return null;
    }

    private static string? LastDefinition(SchemaError error) => error.Frames.LastOrDefault(f => f.Definition is not null)?.Definition;

    /// <summary>"keys: commands", or "a list of operations with keys: path, force" for list-shaped inputs.</summary>
    private static string InputsSummary(string action)
    {
        var schema = ComponentSchema.Instance;
        var inputs = schema.Resolve($"#/$defs/inputs.{action}") as JsonObject;
        if (PropertyNames(inputs) is { Count: > 0 } keys)
        {
            return "keys: " + string.Join(", ", keys);
        }

        return inputs?["items"]?["$ref"] is JsonValue item && PropertyNames(schema.Resolve(item.GetValue<string>()) as JsonObject) is { Count: > 0 } itemKeys
            ? "a list of operations with keys: " + string.Join(", ", itemKeys)
            : "see the action's documentation";
    }

    /// <summary>The place of the mapping that holds the failing key (keys may contain '.' or '[', so cut the path, not the text).</summary>
    private InstancePlace ParentPlace(SchemaError error) =>
        InstancePlace.Of(root, error.Instance.Count == 0 ? error.Instance : error.Instance.Take(error.Instance.Count - 1).ToList());

    private static string Within(InstancePlace place) => place.Field.Length == 0 ? $"in a {SubjectKind(place)}" : $"in {place.Field}";

    private static string SubjectKind(InstancePlace place) => place.Subject.Split(' ')[0] is { Length: > 0 } kind ? kind : "document";

    /// <summary>"step 'Install': inputs.commands", "phase #2", or "the document": the thing a message is about.</summary>
    private static string What(InstancePlace place) =>
        place.Field.Length > 0 ? place.Prefix + place.Field : place.Subject.Length > 0 ? place.Subject : "the document";

    private static IReadOnlyList<string> PropertyNames(JsonObject? schema) =>
        schema?["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToList() : [];

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(item => item?.GetValue<string>() ?? string.Empty),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static IReadOnlyList<string> Values(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => item is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : item?.ToJsonString() ?? "null").ToList() : [];

    /// <summary>An allowed value as it would be written: bare when it is a word, quoted (with escapes) otherwise.</summary>
    private static string Printable(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && value.Any(char.IsAsciiLetterOrDigit)
            ? value
            : $"'{Shorten.Text(value)}'";

    private static long Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;

    private static string Plural(IReadOnlyCollection<string> items) => items.Count == 1 ? string.Empty : "s";

    /// <summary>What was written, for "(got ...)": the text of a scalar, or the kind of a collection.</summary>
    internal static string Got(YNode node) => node switch
    {
        YScalar { IsNull: true } => "an empty value",
        YScalar { Kind: ScalarKind.String } scalar => $"'{Shorten.Text(scalar.Value)}'",
        YScalar scalar => Shorten.Text(scalar.Value),
        YSequence => "a list",
        _ => "a mapping",
    };

    private sealed record Described(string Code, YNode At, string Message);
}

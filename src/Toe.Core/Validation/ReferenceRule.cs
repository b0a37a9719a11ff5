using Toe.Diagnostics;
using Toe.Documents;
using Toe.Expressions;

namespace Toe.Validation;

/// <summary>
/// Checks every <c>{{ ... }}</c> reference in every string of the document: that the name is
/// declared, that chaining reads an earlier step of this document from a place where chaining is
/// allowed, that loop variables are used inside their loop, and that built-in variables are
/// well-formed (toe-user-defined-variables, toe-use-documents "Rules for chaining", looping constructs).
/// </summary>
internal static class ReferenceRule
{
    /// <summary>The documented <c>{{ context:key }}</c> keys.</summary>
    internal static readonly string[] ContextKeys = ["executionId", "accountId", "region", "osPlatform", "osName", "osVersion", "date", "dateTime", "uuid", "hostname", "phase", "step"];

    private const string AllowedForms = "{{ Name }} (a parameter or constant), {{ phase.step.inputs[i].key }} or {{ phase.step.outputs.key }}, {{ loop.index }} or {{ loop.value }}, {{ env:NAME }}, {{ context:key }}, {{ aws:ssm:name }} or {{ aws:imds:path }}";

    public static void Check(RuleContext context)
    {
        var walker = new Walker(context);
        walker.Walk();
    }

    /// <summary>Where in a document a string sits; it decides which references may appear there.</summary>
    private enum Area
    {
        /// <summary>Top-level keys, parameters and constants, phase keys.</summary>
        Document,

        /// <summary>A step's inputs: every kind of reference.</summary>
        Inputs,

        /// <summary>A step's if: chaining allowed (AWS's own samples do it), loop variables not.</summary>
        If,

        /// <summary>A loop's forEach list (or forEach.list): chaining allowed (looping constructs page).</summary>
        LoopList,

        /// <summary>Other step keys: name, action, timeoutSeconds, loop.for, loop.name, forEach.delimiter.</summary>
        StepOther,
    }

    private sealed class Walker(RuleContext context)
    {
        private readonly HashSet<string> _declared = UniqueNameRule.Declarations(context.Document.Root).Select(d => d.Key.Value).ToHashSet(StringComparer.Ordinal);
        private readonly ReferenceLocator _locator = new(context.Document.Text);

        public void Walk()
        {
            foreach (var entry in context.Document.Root.Entries)
            {
                if (entry.Key.Value != "phases")
                {
                    Visit(entry.Value, Area.Document, null);
                }
            }

            // Phases not written as mappings are the schema's business; their strings are still checked.
            if (context.Document.Root["phases"] is YSequence phases)
            {
                foreach (var phase in phases.Items.Where(p => p is not YMapping))
                {
                    Visit(phase, Area.Document, null);
                }
            }

            foreach (var phase in context.Phases)
            {
                foreach (var entry in phase.Node.Entries.Where(e => e.Key.Value != "steps"))
                {
                    Visit(entry.Value, Area.Document, null);
                }

                foreach (var step in phase.Steps)
                {
                    VisitStep(step);
                }
            }
        }

        private void VisitStep(StepSite step)
        {
            foreach (var entry in step.Node.Entries)
            {
                switch (entry.Key.Value)
                {
                    case "inputs":
                        Visit(entry.Value, Area.Inputs, step);
                        break;
                    case "if":
                        Visit(entry.Value, Area.If, step);
                        break;
                    case "loop" when entry.Value is YMapping loop:
                        foreach (var part in loop.Entries)
                        {
                            if (part.Key.Value == "forEach" && part.Value is YMapping delimited)
                            {
                                foreach (var piece in delimited.Entries)
                                {
                                    Visit(piece.Value, piece.Key.Value == "list" ? Area.LoopList : Area.StepOther, step);
                                }
                            }
                            else
                            {
                                Visit(part.Value, part.Key.Value == "forEach" ? Area.LoopList : Area.StepOther, step);
                            }
                        }

                        break;
                    default:
                        Visit(entry.Value, Area.StepOther, step);
                        break;
                }
            }
        }

        private void Visit(YNode node, Area area, StepSite? step)
        {
            switch (node)
            {
                case YScalar scalar when scalar.Value.Contains("{{", StringComparison.Ordinal):
                    CheckScalar(scalar, area, step);
                    break;
                case YSequence list:
                    foreach (var item in list.Items)
                    {
                        Visit(item, area, step);
                    }

                    break;
                case YMapping map:
                    foreach (var entry in map.Entries)
                    {
                        Visit(entry.Value, area, step);
                    }

                    break;
            }
        }

        private void CheckScalar(YScalar scalar, Area area, StepSite? step)
        {
            var template = Template.Parse(scalar.Value);
            if (!template.HasReferences)
            {
                return;
            }

            var written = template.References.Select(r => WrittenText(scalar.Value, r.Offset)).ToList();
            var locations = _locator.Locate(scalar, written);
            for (var i = 0; i < template.References.Count; i++)
            {
                var reference = template.References[i].Reference;
                if (reference.Kind == ReferenceKind.ForeignTemplate)
                {
                    // docker --format '{{ .Names }}' and the like: not AWSTOE's syntax, so Toe leaves it as written.
                    context.Warning(DiagnosticCodes.MalformedReference, locations[i], $"{written[i]}: looks like a Go template (docker, kubectl, helm), not an AWSTOE reference; it is left as written");
                    continue;
                }

                if (scalar.Value[..template.References[i].Offset].TrimEnd().EndsWith("aws:ssm:resolve(", StringComparison.Ordinal))
                {
                    // Braces do not nest: {{ aws:ssm:resolve({{ Name }}) }} would resolve {{ Name }} alone and leave the rest as text.
                    context.Error(DiagnosticCodes.BadBuiltInVariable, locations[i], $"{written[i]}: inside resolve() write the name without braces, e.g. {{{{ aws:ssm:resolve({reference.Text}) }}}}");
                    continue;
                }

                var problem = reference.Kind switch
                {
                    ReferenceKind.Variable => CheckVariable(reference),
                    ReferenceKind.Loop => CheckLoop(reference, area, step),
                    ReferenceKind.Chaining => CheckChaining(reference, area, step),
                    ReferenceKind.Prefixed => CheckPrefixed(reference),
                    _ => Malformed(reference),
                };
                if (problem is var (code, message))
                {
                    context.Error(code, locations[i], $"{written[i]}: {message}");
                }
            }
        }

        /// <summary>The reference as written, braces and inner spaces included.</summary>
        private static string WrittenText(string value, int offset)
        {
            var end = value.IndexOf("}}", offset + 2, StringComparison.Ordinal);
            return end < 0 ? value[offset..] : value[offset..(end + 2)];
        }

        private (string, string)? CheckVariable(Reference reference)
        {
            var name = reference.Key!;
            if (_declared.Contains(name))
            {
                return null;
            }

            var near = Suggest.Closest(name, _declared);
            var hint = near is null
                ? _declared.Count == 0 ? "; the document declares no parameters or constants" : string.Empty
                : $"; did you mean '{near}'? (names are case-sensitive)";
            return (DiagnosticCodes.UndeclaredVariable, $"'{name}' is not a parameter or constant of this document{hint}");
        }

        private static (string, string)? CheckLoop(Reference reference, Area area, StepSite? step)
        {
            var scope = reference.Scope!;
            if (step is null || area != Area.Inputs)
            {
                return (DiagnosticCodes.LoopReferenceOutsideLoop, "loop variables can be used only in the inputs of the step that has the loop");
            }

            if (step.Loop is not { } loop)
            {
                return (DiagnosticCodes.LoopReferenceOutsideLoop, $"{step.Label} has no loop; add a 'loop' to the step or remove the reference (AWSTOE would leave it unreplaced)");
            }

            var loopName = DocumentModelBuilder.Text(loop["name"]);
            if (scope == "loop" || scope == loopName)
            {
                return null;
            }

            loopName = loopName is null ? null : Shorten.Name(loopName);

            var names = loopName is null ? "{{ loop." + reference.Key + " }}" : $"{{{{ loop.{reference.Key} }}}} or {{{{ {loopName}.{reference.Key} }}}}";
            return (DiagnosticCodes.LoopReferenceOutsideLoop, $"the loop of {step.Label} is {(loopName is null ? "not named" : $"named '{loopName}'")}, not '{scope}'; write {names} (a step can only read its own loop)");
        }

        private (string, string)? CheckChaining(Reference reference, Area area, StepSite? step)
        {
            if (step is null || area is not (Area.Inputs or Area.If or Area.LoopList))
            {
                return (DiagnosticCodes.ChainingNotAllowedHere, "chaining expressions can be used only in step inputs, in a step's if, and in a loop's forEach list");
            }

            var phase = context.Phases.FirstOrDefault(p => p.Name == reference.Phase);
            if (phase is null)
            {
                var near = Suggest.Closest(reference.Phase!, context.Phases.Select(p => p.Name).OfType<string>());
                return (DiagnosticCodes.ChainingUnknownTarget, $"this document has no phase named '{reference.Phase}'{(near is null ? string.Empty : $"; did you mean '{near}'?")}");
            }

            var target = phase.Steps.FirstOrDefault(s => s.Name == reference.Step);
            if (target is null)
            {
                var near = Suggest.Closest(reference.Step!, phase.Steps.Select(s => s.Name).OfType<string>());
                return (DiagnosticCodes.ChainingUnknownTarget, $"{phase.Label} has no step named '{reference.Step}'{(near is null ? string.Empty : $"; did you mean '{near}'?")}");
            }

            if (!target.RunsBefore(step))
            {
                var when = target == step ? "is this step itself" : "runs after this step";
                return (DiagnosticCodes.ChainingNotEarlier, $"{target.Label} {when}; chaining can only read steps that run earlier");
            }

            return reference.Direction == "inputs" ? CheckChainedInput(reference, target) : CheckChainedOutput(reference, target);
        }

        private static (string, string)? CheckChainedInput(Reference reference, StepSite target)
        {
            YNode? holder;
            var where = "inputs";
            if (reference.Index is { } index)
            {
                if (target.Inputs is not YSequence list)
                {
                    return (DiagnosticCodes.ChainingBadIndexOrKey, $"the inputs of {target.Label} are not a list, so they take no index; write {reference.Phase}.{reference.Step}.inputs.{reference.Key}");
                }

                if (index >= list.Items.Count)
                {
                    return (DiagnosticCodes.ChainingBadIndexOrKey, $"{target.Label} has {list.Items.Count} input item{(list.Items.Count == 1 ? string.Empty : "s")}, so index {index} is out of range (indexes start at 0)");
                }

                holder = list.Items[index];
                where = $"inputs[{index}]";
            }
            else if (target.Inputs is YSequence)
            {
                return (DiagnosticCodes.ChainingBadIndexOrKey, $"the inputs of {target.Label} are a list; say which item, e.g. {reference.Phase}.{reference.Step}.inputs[0].{reference.Key}");
            }
            else
            {
                holder = target.Inputs;
            }

            if (holder is YMapping map && !map.ContainsKey(reference.Key!))
            {
                var keys = string.Join(", ", map.Keys);
                return (DiagnosticCodes.ChainingBadIndexOrKey, $"{target.Label} has no input '{reference.Key}' in {where} (written: {keys})");
            }

            return null;
        }

        private static (string, string)? CheckChainedOutput(Reference reference, StepSite target)
        {
            if (ActionModuleCatalog.Find(target.Action) is not { } module)
            {
                return null; // An unknown action is reported by the schema.
            }

            if (module.Outputs.Count == 0)
            {
                return (DiagnosticCodes.ChainingBadIndexOrKey, $"{target.Label} uses {module.Name}, which has no outputs");
            }

            return module.Outputs.Contains(reference.Key!, StringComparer.Ordinal)
                ? null
                : (DiagnosticCodes.ChainingBadIndexOrKey, $"{module.Name} has no output '{reference.Key}' (outputs: {string.Join(", ", module.Outputs)})");
        }

        /// <summary>
        /// <c>aws:ssm:</c>: an SSM parameter name, or <c>resolve()</c> of a declared parameter or constant or of
        /// <c>aws:ssm:&lt;name&gt;</c> (toe-user-defined-variables, "resolve function").
        /// </summary>
        private (string, string)? CheckSsm(string key)
        {
            if (Toe.Engine.SsmReference.Parse(key, out var problem) is not { } ssm)
            {
                return (DiagnosticCodes.BadBuiltInVariable, problem);
            }

            if (ssm.ResolveVariable is { } variable && !_declared.Contains(variable))
            {
                var near = Suggest.Closest(variable, _declared);
                return (DiagnosticCodes.UndeclaredVariable, $"resolve({variable}): '{variable}' is not a parameter or constant of this document{(near is null ? string.Empty : $"; did you mean '{near}'?")} (resolve() takes the name of one whose value is an SSM parameter name)");
            }

            return null;
        }

        private (string, string)? CheckPrefixed(Reference reference)
        {
            var key = reference.Key ?? string.Empty;
            switch (reference.Scope)
            {
                case "env" when key.Length == 0:
                    return (DiagnosticCodes.BadBuiltInVariable, "env: needs the name of an environment variable, e.g. {{ env:IMAGE_VERSION }}");
                case "context" when !ContextKeys.Contains(key, StringComparer.Ordinal):
                    var near = Suggest.Closest(key, ContextKeys);
                    return (DiagnosticCodes.BadBuiltInVariable, $"unknown context variable '{key}' ({(near is null ? $"expected one of: {string.Join(", ", ContextKeys)}" : $"did you mean '{near}'?")})");
                case "aws:ssm":
                    return CheckSsm(key);
                case "aws:imds" when Toe.Engine.ImdsPaths.Problem(key) is { } imdsProblem:
                    return (DiagnosticCodes.BadBuiltInVariable, imdsProblem);
                default:
                    return null;
            }
        }

        private static (string, string) Malformed(Reference reference)
        {
            var text = reference.Text;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                // aws: has sub-prefixes (aws:ssm:, aws:imds:), so name the second part too.
                var second = text.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) ? text.IndexOf(':', colon + 1) : -1;
                var prefix = text[..((second > 0 ? second : colon) + 1)];
                return (DiagnosticCodes.MalformedReference, $"unknown variable prefix '{prefix}'; the prefixed variables are env:, context:, aws:ssm: and aws:imds: (lower case)");
            }

            var what = text.Length == 0 ? "an empty reference" : "not a reference AWSTOE understands";
            return (DiagnosticCodes.MalformedReference, $"{what}; write one of {AllowedForms}");
        }
    }
}

using System.Collections.Frozen;
using Toe.Conditions;
using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// The shape of conditions in a step's <c>if</c> and in Assert inputs, beyond what the schema says:
/// exactly one operator per condition, operands that belong to that operator, and at most four
/// levels of nesting (toe-conditional-constructs; the Assert example counts or = 1, and = 2, the
/// comparison inside = 3).
/// </summary>
internal static class ConditionRule
{
    public const int MaxDepth = ConditionOperators.MaxDepth;

    private static FrozenSet<string> SingleOperand => ConditionOperators.SingleOperand;

    private static FrozenSet<string> Hash => ConditionOperators.Hash;

    private static FrozenSet<string> Logical => ConditionOperators.Logical;

    public static void Check(RuleContext context)
    {
        foreach (var step in context.Steps)
        {
            if (step.Node["if"] is { } condition)
            {
                // Written as a mapping (current docs) or as a one-item list (older docs).
                var top = condition is YSequence { Items.Count: 1 } list ? list.Items[0] : condition;
                if (top is YMapping map)
                {
                    CheckCondition(context, map, $"{step.Label}: if", 1, allowBranches: true);
                }
            }

            if (step.Action == "Assert" && step.Inputs is YMapping assertion)
            {
                CheckCondition(context, assertion, $"{step.Label}: Assert inputs", 1, allowBranches: false);
            }
        }
    }

    /// <returns>False when a nesting error was reported, so that it is reported once per tree.</returns>
    private static bool CheckCondition(RuleContext context, YMapping condition, string where, int depth, bool allowBranches)
    {
        if (depth > MaxDepth)
        {
            context.Error(DiagnosticCodes.ConditionTooDeep, condition, $"{where}: conditions nest {depth} levels deep here; AWSTOE allows at most {MaxDepth} (a comparison inside and/or/not counts as a level)");
            return false;
        }

        if (condition.Entries.Count == 0)
        {
            return true; // The schema reports an empty condition.
        }

        // Any key that is not an operand is an operator, known or not (the schema names unknown ones).
        var operators = condition.Entries.Where(e => e.Key.Value is not ("value" or "path") && !(allowBranches && e.Key.Value is "then" or "else")).ToList();
        if (operators.Count == 0)
        {
            context.Error(DiagnosticCodes.ConditionOperatorCount, condition, $"{where} has no operator; write one comparison (e.g. stringEquals with value) or one of and, or, not");
            return true;
        }

        if (operators.Count > 1)
        {
            var names = string.Join(", ", operators.Select(o => o.Key.Value));
            context.Error(DiagnosticCodes.ConditionOperatorCount, operators[1].Key, $"{where} has {operators.Count} operators ({names}); a condition holds exactly one, so combine them with 'and' or 'or'");
            return true;
        }

        var op = operators[0].Key.Value;
        CheckOperands(context, condition, op, where);
        if (!Logical.Contains(op))
        {
            return true;
        }

        var operands = operators[0].Value switch
        {
            YSequence list => list.Items,
            YMapping single => [single],
            _ => [],
        };
        foreach (var operand in operands.OfType<YMapping>())
        {
            if (!CheckCondition(context, operand, where, depth + 1, allowBranches: false))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckOperands(RuleContext context, YMapping condition, string op, string where)
    {
        foreach (var operand in new[] { "value", "path" })
        {
            if (condition.GetKey(operand) is not { } key)
            {
                continue;
            }

            var wrong = op switch
            {
                _ when Logical.Contains(op) => $"{op} takes conditions, not '{operand}'; move '{operand}' into the comparison it belongs to",
                _ when SingleOperand.Contains(op) => $"{op} takes a single operand; remove '{operand}'",
                _ when Hash.Contains(op) && operand == "value" => $"{op} compares a file's hash: give the file in 'path', not 'value'",
                _ when !Hash.Contains(op) && !SingleOperand.Contains(op) && operand == "path" => $"'path' belongs to the file hash operators; {op} compares its operand with 'value'",
                _ => null,
            };
            if (wrong is not null)
            {
                context.Error(DiagnosticCodes.ConditionOperandMismatch, key, $"{where}: {wrong}");
            }
        }
    }
}

using System.Text.Json.Nodes;

namespace Toe.Conditions;

/// <summary>A parsed condition: one comparison, or and/or/not over nested conditions.</summary>
public abstract record Condition
{
    /// <summary>The operator as written, e.g. "stringEquals" or "and".</summary>
    public abstract string Operator { get; }
}

/// <summary>
/// One comparison. <see cref="Operand"/> is what is written under the operator key (the baseline,
/// the regex, the expected hash, or the single operand); <see cref="Value"/> and <see cref="Path"/>
/// are the sibling keys, present only for the operators that take them. Operands are JSON scalars
/// (string, number, boolean) or null, as the engine produced them after substitution.
/// </summary>
public sealed record Comparison(string Operator, JsonValue? Operand, JsonValue? Value = null, JsonValue? Path = null) : Condition
{
    public override string Operator { get; } = Operator;
}

public sealed record AndCondition(IReadOnlyList<Condition> Operands) : Condition
{
    public override string Operator => "and";
}

public sealed record OrCondition(IReadOnlyList<Condition> Operands) : Condition
{
    public override string Operator => "or";
}

public sealed record NotCondition(Condition Operand) : Condition
{
    public override string Operator => "not";
}

/// <summary>What a condition evaluated to, and why, in words fit for a step's failure message.</summary>
public sealed record ConditionResult(bool Value, string Explanation);

/// <summary>
/// A condition that cannot be evaluated at all (bad shape, unknown operator, a regex RE2 would
/// reject). Distinct from "false" so that an Assert or an <c>if</c> fails loudly instead of quietly
/// skipping a step.
/// </summary>
public sealed class ConditionException : Exception
{
    public ConditionException(string message)
        : base(message)
    {
    }

    public ConditionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

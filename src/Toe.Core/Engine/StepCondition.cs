using Toe.Conditions;
using Toe.Documents;

namespace Toe.Engine;

/// <summary>What a step's <c>if</c> decided, and why (for the report and the log).</summary>
internal sealed record StepDecision(StepBranch Branch, string Explanation);

/// <summary>
/// Evaluates a step's <c>if</c> once, before its first attempt or iteration (AWSTOE: "evaluated
/// once"): references are substituted first, chaining included (AWS's own samples chain into
/// <c>if</c>), then the condition decides Execute, Skip or Abort (defaults: true runs, false skips).
/// </summary>
internal static class StepCondition
{
    /// <summary>The decision, or null with a message in <paramref name="errors"/> when the condition cannot be evaluated.</summary>
    public static StepDecision? Decide(YNode ifNode, Func<string, string> render, IConditionHost host, List<string> errors)
    {
        var resolved = InputRenderer.Render(ifNode, render);
        if (errors.Count > 0)
        {
            return null;
        }

        try
        {
            var construct = IfConstruct.Parse(resolved);
            var (result, branch) = construct.Evaluate(host);
            return new StepDecision(branch, $"if: {result.Explanation} → {(result.Value ? "true" : "false")}, so {branch}");
        }
        catch (ConditionException ex)
        {
            errors.Add($"if: the condition cannot be evaluated: {ex.Message}");
            return null;
        }
    }
}

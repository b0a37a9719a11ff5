using Toe.Conditions;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// Assert: <c>inputs</c> is one condition (a comparison or and/or/not). True: the step succeeds.
/// False: the step fails with "Assert failed: &lt;explanation&gt;" and onFailure applies. A condition
/// that cannot be evaluated (bad shape, non-RE2 pattern) also fails, with the reason. No outputs.
/// </summary>
// Not named Assert: test files that import Toe.Actions would clash with NUnit's Assert.
public sealed class AssertModule : IActionModule
{
    private readonly IConditionHost _host;

    public AssertModule(IConditionHost? host = null)
    {
        _host = host ?? SystemConditionHost.Instance;
    }

    public string Name => "Assert";

    public Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ConditionResult result;
        try
        {
            result = ConditionEvaluator.Evaluate(ConditionParser.Parse(context.Inputs), _host);
        }
        catch (ConditionException ex)
        {
            return Task.FromResult(ActionResult.Failed($"Assert: the condition cannot be evaluated: {ex.Message}"));
        }

        context.Log.Debug($"Assert: {result.Explanation}");
        return Task.FromResult(result.Value
            ? ActionResult.Succeeded()
            : ActionResult.Failed($"Assert failed: {result.Explanation}"));
    }
}

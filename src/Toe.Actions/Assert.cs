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

    public async Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ConditionResult result;
        try
        {
            var condition = ConditionParser.Parse(context.Inputs);

            // Off the caller's thread and abandoned on cancellation: hashing a large file must not
            // keep a step past its timeout.
            result = await Task.Run(() => ConditionEvaluator.Evaluate(condition, _host), cancellationToken)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionException ex)
        {
            return ActionResult.Failed($"Assert: the condition cannot be evaluated: {ex.Message}");
        }

        context.Log.Debug($"Assert: {result.Explanation}");
        return result.Value
            ? ActionResult.Succeeded()
            : ActionResult.Failed($"Assert failed: {result.Explanation}");
    }
}

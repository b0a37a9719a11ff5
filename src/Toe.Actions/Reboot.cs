using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toe.Engine;

namespace Toe.Actions;

/// <summary>
/// Reboot: asks for a reboot after <c>delaySeconds</c> (default 0). The step succeeds; after the reboot the
/// run goes on with the next step ("When the Reboot module completes, Image Builder continues to the next
/// step"). What actually happens (exit 194, a real reboot, a simulated one) is the run's --reboot-mode.
/// </summary>
public sealed class RebootModule : IActionModule
{
    /// <summary>A day: a longer delay is almost certainly a mistake (seconds taken for milliseconds, say).</summary>
    public const int MaxDelaySeconds = 86_400;

    public string Name => "Reboot";

    public Task<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var delay = 0;
        if (context.Inputs is JsonObject inputs && inputs.TryGetPropertyValue("delaySeconds", out var node) && node is not null)
        {
            var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node.ToJsonString();
            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out delay) || delay > MaxDelaySeconds)
            {
                return Task.FromResult(ActionResult.Failed($"Reboot: delaySeconds is '{text}'; give a whole number of seconds from 0 to {MaxDelaySeconds}"));
            }
        }

        context.Log.Info($"Reboot requested{(delay > 0 ? $" in {delay} second(s)" : string.Empty)}");
        return Task.FromResult(ActionResult.RebootRequested(new RebootRequest(RerunStep: false, delay, "Reboot module")));
    }
}

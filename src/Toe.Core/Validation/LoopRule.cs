using System.Globalization;
using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>
/// A <c>for</c> loop must reach its end: updateBy is non-zero and points from start towards end
/// (looping constructs: "AWSTOE verifies the start, end, and updateBy values to ensure that the
/// combination does not result in an infinite loop"). Values written as {{ }} are checked at run time.
/// </summary>
internal static class LoopRule
{
    public static void Check(RuleContext context)
    {
        foreach (var step in context.Steps)
        {
            if (step.Loop?["for"] is not YMapping range)
            {
                continue;
            }

            if (range["updateBy"] is not YScalar updateBy || !TryInteger(updateBy, out var by)
                || !TryInteger(range["start"], out var start) || !TryInteger(range["end"], out var end))
            {
                continue;
            }

            if (by == 0)
            {
                context.Error(DiagnosticCodes.LoopNeverEnds, updateBy, $"{step.Label}: loop.for.updateBy is 0, so the loop would never end; use a positive step to count up or a negative one to count down");
            }
            else if ((start < end && by < 0) || (start > end && by > 0))
            {
                var direction = by < 0 ? "down" : "up";
                context.Error(DiagnosticCodes.LoopNeverEnds, updateBy, $"{step.Label}: the loop counts {direction} from {start} by {by}, so it never reaches {end}; {(by < 0 ? "use a positive updateBy" : "use a negative updateBy")} or swap start and end");
            }
        }
    }

    private static bool TryInteger(YNode? node, out long value)
    {
        value = 0;
        return node is YScalar scalar && !Expressions.Template.ContainsReference(scalar.Value)
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

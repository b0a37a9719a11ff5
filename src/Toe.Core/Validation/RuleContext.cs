using Toe.Diagnostics;
using Toe.Documents;

namespace Toe.Validation;

/// <summary>A phase as written, with its position in the phases list (positions decide what "earlier" means).</summary>
internal sealed record PhaseSite(YMapping Node, int Index, string? Name, IReadOnlyList<StepSite> Steps)
{
    public string Label => Name is { Length: > 0 } ? $"phase '{Shorten.Name(Name)}'" : $"phase #{Index + 1}";
}

/// <summary>A step as written, with its phase and its position in that phase's steps list.</summary>
internal sealed record StepSite(YMapping Node, PhaseSite Phase, int Index, string? Name, string? Action)
{
    public string Label => Name is { Length: > 0 } ? $"step '{Shorten.Name(Name)}'" : $"step #{Index + 1} of {Phase.Label}";

    public YNode? Inputs => Node["inputs"];

    public YMapping? Loop => Node["loop"] as YMapping;

    /// <summary>True when this step runs before <paramref name="other"/>.</summary>
    public bool RunsBefore(StepSite other) => Phase.Index < other.Phase.Index || (Phase.Index == other.Phase.Index && Index < other.Index);
}

/// <summary>What every rule reads (the document, its phases and steps, the options) and where it reports.</summary>
internal sealed class RuleContext
{
    private readonly List<Diagnostic> _diagnostics = [];

    public RuleContext(ComponentDocument document, ValidationOptions options)
    {
        Document = document;
        Options = options;
        Phases = ReadPhases(document.Root);
    }

    public ComponentDocument Document { get; }

    public ValidationOptions Options { get; }

    public IReadOnlyList<PhaseSite> Phases { get; }

    public IEnumerable<StepSite> Steps => Phases.SelectMany(p => p.Steps);

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void Error(string code, YNode at, string message) => Error(code, at.Location, message);

    public void Error(string code, SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Error(code, at with { File = Document.Source }, message));

    public void Warning(string code, YNode at, string message) => Warning(code, at.Location, message);

    public void Warning(string code, SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Warning(code, at with { File = Document.Source }, message));

    private static List<PhaseSite> ReadPhases(YMapping root)
    {
        var phases = new List<PhaseSite>();
        if (root["phases"] is not YSequence list)
        {
            return phases;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is not YMapping phaseNode)
            {
                continue;
            }

            var steps = new List<StepSite>();
            var phase = new PhaseSite(phaseNode, i, DocumentModelBuilder.Text(phaseNode["name"]), steps);
            if (phaseNode["steps"] is YSequence stepList)
            {
                for (var j = 0; j < stepList.Items.Count; j++)
                {
                    if (stepList.Items[j] is YMapping stepNode)
                    {
                        steps.Add(new StepSite(stepNode, phase, j, DocumentModelBuilder.Text(stepNode["name"]), DocumentModelBuilder.Text(stepNode["action"])));
                    }
                }
            }

            phases.Add(phase);
        }

        return phases;
    }
}

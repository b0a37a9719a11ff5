using Toe.Diagnostics;

namespace Toe.Documents;

/// <summary>
/// A component document as the engine sees it. Built leniently from the YAML tree by
/// <see cref="DocumentModelBuilder"/>; structural problems are reported by the validator, not here.
/// </summary>
public sealed record ComponentDocument
{
    /// <summary>The path or location the user gave (shown in messages and reports).</summary>
    public required string Source { get; init; }

    /// <summary>The full local path the document was read from, used to resolve relative paths.</summary>
    public required string FilePath { get; init; }

    public required YMapping Root { get; init; }

    public required string Text { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? SchemaVersion { get; init; }

    public bool DisableLogging { get; init; }

    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    public IReadOnlyList<ConstantDefinition> Constants { get; init; } = [];

    public IReadOnlyList<Phase> Phases { get; init; } = [];
}

public sealed record ParameterDefinition(string Name, string? Type, string? Default, string? Description, SourceLocation Location, YMapping? Node);

public sealed record ConstantDefinition(string Name, string? Type, string? Value, SourceLocation Location, YMapping? Node);

public sealed record Phase(string Name, IReadOnlyList<Step> Steps, bool DisableLogging, SourceLocation Location, YMapping Node);

public enum OnFailure
{
    Abort,
    Continue,
    Ignore,
}

/// <summary>
/// One step. Integer settings may be written as <c>{{ parameter }}</c> templates, so each keeps its
/// raw text; the engine resolves them after substitution.
/// </summary>
public sealed record Step
{
    public const int DefaultTimeoutSeconds = 7200;

    public required string Name { get; init; }

    public required string Action { get; init; }

    public required SourceLocation Location { get; init; }

    public required YMapping Node { get; init; }

    public YNode? Inputs { get; init; }

    public string OnFailureText { get; init; } = nameof(Documents.OnFailure.Abort);

    public string TimeoutSecondsText { get; init; } = "7200";

    public string MaxAttemptsText { get; init; } = "1";

    public YNode? Loop { get; init; }

    public YNode? If { get; init; }

    public bool DisableLogging { get; init; }
}

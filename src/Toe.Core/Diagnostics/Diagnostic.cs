namespace Toe.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>
/// One problem found in an input, printed as <c>file:line:col: error TOE1234: message</c>.
/// Codes are stable and listed in docs/diagnostics.md so that people can search for them.
/// </summary>
public sealed record Diagnostic(string Code, Severity Severity, SourceLocation Location, string Message)
{
    public static Diagnostic Error(string code, SourceLocation location, string message) => new(code, Severity.Error, location, message);

    public static Diagnostic Warning(string code, SourceLocation location, string message) => new(code, Severity.Warning, location, message);

    public string SeverityText => Severity == Severity.Error ? "error" : "warning";

    public override string ToString() => $"{Location}: {SeverityText} {Code}: {Message}";
}

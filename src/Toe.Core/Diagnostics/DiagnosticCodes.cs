namespace Toe.Diagnostics;

/// <summary>
/// Every diagnostic code Toe emits. Ranges: TOE1xxx reading a file; TOE2xxx the document schema;
/// TOE3xxx rules the schema cannot express; TOE4xxx run-time inputs (command line, config).
/// Keep docs/diagnostics.md in step with this list.
/// </summary>
public static class DiagnosticCodes
{
    public const string FileNotFound = "TOE1001";
    public const string FileUnreadable = "TOE1002";
    public const string YamlSyntax = "TOE1003";
    public const string DocumentTooLarge = "TOE1004";
    public const string AliasExpansionLimit = "TOE1005";
    public const string NotAMapping = "TOE1006";
    public const string DuplicateKey = "TOE1007";
    public const string EmptyDocument = "TOE1008";
    public const string UnsupportedLocation = "TOE1009";
    public const string MultipleDocuments = "TOE1010";
}

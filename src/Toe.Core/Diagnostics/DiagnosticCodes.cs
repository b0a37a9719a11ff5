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
    public const string NestingTooDeep = "TOE1011";

    // TOE2xxx: the document does not match schemas/component-document.schema.json.
    public const string SchemaRequired = "TOE2001";
    public const string SchemaUnknownKey = "TOE2002";
    public const string SchemaWrongType = "TOE2003";
    public const string SchemaNotAllowedValue = "TOE2004";
    public const string SchemaPattern = "TOE2005";
    public const string SchemaItemCount = "TOE2006";
    public const string SchemaOutOfRange = "TOE2007";
    public const string SchemaOneOf = "TOE2008";
    public const string SchemaOther = "TOE2099";

    // TOE30xx: names.
    public const string DuplicateVariableName = "TOE3001";
    public const string DuplicatePhaseName = "TOE3002";
    public const string DuplicateStepName = "TOE3003";
    public const string DuplicateLoopName = "TOE3004";

    // TOE31xx: {{ }} references.
    public const string UndeclaredVariable = "TOE3101";
    public const string LoopReferenceOutsideLoop = "TOE3102";
    public const string ChainingUnknownTarget = "TOE3103";
    public const string ChainingNotEarlier = "TOE3104";
    public const string ChainingNotAllowedHere = "TOE3105";
    public const string ChainingBadIndexOrKey = "TOE3106";
    public const string BadBuiltInVariable = "TOE3107";
    public const string MalformedReference = "TOE3108";

    // TOE32xx: parameters and constants.
    public const string UnknownParameterKey = "TOE3201";

    // TOE33xx: conditions (if, Assert) and loops.
    public const string ConditionOperatorCount = "TOE3301";
    public const string ConditionOperandMismatch = "TOE3302";
    public const string ConditionTooDeep = "TOE3303";
    public const string LoopNeverEnds = "TOE3304";

    // TOE34xx: where a module may run.
    public const string BlockedActionModule = "TOE3401";
    public const string ModuleNotOnPlatform = "TOE3402";
    public const string NotSupportedOnWindows = "TOE3403";
}

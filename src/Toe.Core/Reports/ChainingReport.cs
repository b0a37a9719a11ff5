namespace Toe.Reports;

/// <summary>
/// chaining.json: every chaining reference the engine resolved, per document, with the value it
/// used (masked). AWSTOE does not document this file's format; this is Toe's.
/// </summary>
public sealed class ChainingReport
{
    public string ExecutionId { get; set; } = string.Empty;

    public List<ChainingDocument> Documents { get; set; } = [];
}

public sealed class ChainingDocument
{
    public string FilePath { get; set; } = string.Empty;

    public List<ChainingValue> Values { get; set; } = [];
}

/// <summary>One resolution: in step <see cref="Phase"/>.<see cref="Step"/>, <see cref="Expression"/> became <see cref="Value"/>.</summary>
public sealed class ChainingValue
{
    public string Phase { get; set; } = string.Empty;

    public string Step { get; set; } = string.Empty;

    public string Expression { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Toe.Reports;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DetailedOutput))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(ChainingReport))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
}

/// <summary>Source-generated (AOT-safe) JSON settings for every file Toe writes.</summary>
public static class ReportJson
{
    /// <summary>Readable files (detailedoutput.json, chaining.json): indented by 4 like AWS's example, non-ASCII kept as is.</summary>
    internal static ReportJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>One-line JSON: the run summary, and the inputs/outputs strings inside detailedoutput.json.</summary>
    internal static ReportJsonContext Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>
    /// Starts preparing the serialisers of the reports on a thread-pool thread. The first use of each
    /// source-generated type costs milliseconds under Native AOT (System.Text.Json reads attributes and
    /// assemblies through reflection while it configures them), and the first step report pays it on the run's
    /// critical path; done at start-up, it overlaps with reading and validating the documents.
    /// </summary>
    public static void Prepare() => ThreadPool.UnsafeQueueUserWorkItem(static _ => Warm(), null);

    private static void Warm()
    {
        try
        {
            JsonSerializer.Serialize(Stream.Null, new DetailedOutput { Documents = [new DocumentReport { Phases = [new PhaseReport { Steps = [new StepReport()] }] }] }, Indented.DetailedOutput);
            JsonSerializer.Serialize(Stream.Null, new ChainingReport { Documents = [new ChainingDocument { Values = [new ChainingValue()] }] }, Indented.ChainingReport);
            _ = new RunSummary().ToJson();
            _ = ToCompactJson(new JsonArray(new JsonObject { ["key"] = "value", ["list"] = new JsonArray(1, true) }));
        }
        catch (Exception)
        {
            // Only a warm-up: the real serialisation reports any problem where it happens.
        }
    }

    /// <summary>Compact JSON text of a node, e.g. for the inputs/outputs strings.</summary>
    public static string ToCompactJson(JsonNode? node) =>
        node is null ? "null" : node.ToJsonString(Compact.Options);

    public static string Serialize(DetailedOutput report) => JsonSerializer.Serialize(report, Indented.DetailedOutput);

    public static string Serialize(ChainingReport report) => JsonSerializer.Serialize(report, Indented.ChainingReport);

    /// <summary>Writes detailedoutput.json atomically, streaming (no whole-file string in memory).</summary>
    public static void WriteAtomically(string path, DetailedOutput report) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, Indented.DetailedOutput));

    /// <summary>Writes chaining.json atomically, streaming.</summary>
    public static void WriteAtomically(string path, ChainingReport report) =>
        WriteAtomically(path, stream => JsonSerializer.Serialize(stream, report, Indented.ChainingReport));

    /// <summary>A report as a JSON tree, e.g. a nested run's report inside a step (ExecuteDocument).</summary>
    public static JsonNode? ToNode(DetailedOutput report) => JsonSerializer.SerializeToNode(report, Indented.DetailedOutput);

    public static DetailedOutput? DeserializeDetailedOutput(string json) => JsonSerializer.Deserialize(json, Indented.DetailedOutput);

    public static RunSummary? DeserializeRunSummary(string json) => JsonSerializer.Deserialize(json, Compact.RunSummary);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically: a temporary file beside it, then a rename.</summary>
    public static void WriteAtomically(string path, string text) =>
        WriteAtomically(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024))
            {
                write(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // Nothing half-written stays behind: the previous file (if any) is intact, the temporary one goes.
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Toe.Aws.Fleet;

/// <summary>The end-of-run report: one block per instance as text, or one JSON document (--output json).</summary>
public static class FleetReport
{
    public static string Text(FleetRunResult result)
    {
        var text = new StringBuilder();
        var succeeded = result.Instances.Count(i => i.Succeeded);
        text.Append($"command {result.CommandId}: {succeeded} of {result.Instances.Count} instance(s) succeeded (files in {result.RunFolder})\n");
        foreach (var instance in result.Instances)
        {
            text.Append($"{instance.InstanceId}: {instance.Status}{(instance.ResponseCode is { } code ? $" (exit code {code})" : string.Empty)}\n");
            if (instance.FailedStep.Length > 0)
            {
                text.Append($"  failed step: {instance.FailedStep}\n");
            }

            if (instance.Message.Length > 0)
            {
                // A failure message can span lines (toe adds the last lines of stderr): keep them under the field.
                text.Append($"  message:     {instance.Message.TrimEnd().ReplaceLineEndings("\n" + new string(' ', 15))}\n");
            }

            if (instance.Logs.Length > 0)
            {
                text.Append($"  logs:        {instance.Logs}\n");
            }
        }

        return text.ToString();
    }

    public static string Json(FleetRunResult result) => JsonSerializer.Serialize(new FleetReportJson
    {
        CommandId = result.CommandId,
        Status = result.AllSucceeded ? "success" : "failed",
        TimeoutSeconds = result.TimeoutSeconds,
        RunFolder = result.RunFolder,
        Instances = result.Instances,
    }, FleetJsonContext.Default.FleetReportJson);
}

/// <summary>The JSON report's shape (camelCase, like toe's run summary).</summary>
public sealed record FleetReportJson
{
    public string CommandId { get; init; } = string.Empty;

    /// <summary>"success" when every instance succeeded, else "failed".</summary>
    public string Status { get; init; } = string.Empty;

    public int TimeoutSeconds { get; init; }

    public string RunFolder { get; init; } = string.Empty;

    public IReadOnlyList<InstanceOutcome> Instances { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FleetReportJson))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;

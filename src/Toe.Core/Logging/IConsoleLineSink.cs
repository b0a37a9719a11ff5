namespace Toe.Logging;

/// <summary>
/// A second destination for console.log's lines (CloudWatch Logs, through the CLI), so Toe.Core knows
/// nothing of where they go. Lines arrive masked, in console.log's order, without the line break; a sink
/// must not block (it queues and sends elsewhere).
/// </summary>
public interface IConsoleLineSink
{
    void WriteLine(string line);
}

using Serilog;
using Serilog.Events;

namespace Toe.Logging;

/// <summary>
/// application.log: timestamped, debug level, through Serilog's file sink. Every message is
/// rendered to text and masked before Serilog sees it, so no secret can reach the sink through a
/// structured property.
/// </summary>
public sealed class ApplicationLog : IDisposable
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:l}{NewLine}{Exception}";

    private static readonly MessageTemplate MessageOnly = new Serilog.Parsing.MessageTemplateParser().Parse("{Message:l}");

    private readonly Serilog.Core.Logger _logger;
    private readonly ISecretMasker _masker;

    public ApplicationLog(string path, ISecretMasker masker, bool trace)
    {
        _masker = masker;
        var configuration = new LoggerConfiguration();
        configuration = trace ? configuration.MinimumLevel.Verbose() : configuration.MinimumLevel.Debug();
        // Formatting and writing happen on a thread of their own (BackgroundSink); the level filter stays here.
        var file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(path, outputTemplate: Template, formatProvider: System.Globalization.CultureInfo.InvariantCulture, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1))
            .CreateLogger();
        _logger = configuration
            .WriteTo.Sink(new BackgroundSink(file))
            .CreateLogger();
    }

    public void Verbose(string message) => Write(LogEventLevel.Verbose, message);

    public void Debug(string message) => Write(LogEventLevel.Debug, message);

    public void Info(string message) => Write(LogEventLevel.Information, message);

    public void Warning(string message) => Write(LogEventLevel.Warning, message);

    public void Error(string message) => Write(LogEventLevel.Error, message);

    public bool IsEnabled(LogEventLevel level) => _logger.IsEnabled(level);

    /// <summary>Closes the log. A full disk loses the log's tail, not the run: the error is swallowed here, and console.log and the reports say what happened.</summary>
    public void Dispose()
    {
        try
        {
            _logger.Dispose();
        }
        catch (IOException)
        {
        }
    }

    private void Write(LogEventLevel level, string message)
    {
        if (_logger.IsEnabled(level))
        {
            // The event Serilog would bind from the template and the argument, built directly: a step logs several
            // lines, and binding cost microseconds each between one step's program and the next (docs/performance.md).
            _logger.Write(new LogEvent(DateTimeOffset.Now, level, null, MessageOnly, [new LogEventProperty("Message", new ScalarValue(_masker.Mask(message)))]));
        }
    }
}

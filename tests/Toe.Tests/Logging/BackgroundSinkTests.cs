using FluentAssertions;
using NUnit.Framework;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using Toe.Logging;

namespace Toe.Tests.Logging;

/// <summary>application.log is written on a thread of its own (BackgroundSink): nothing may be lost or reordered.</summary>
public class BackgroundSinkTests
{
    private sealed class Recording : ILogEventSink, IDisposable
    {
        public List<string> Lines { get; } = [];

        public int WriterThread { get; private set; }

        public bool Disposed { get; private set; }

        public void Emit(LogEvent logEvent)
        {
            WriterThread = Environment.CurrentManagedThreadId;
            Lines.Add(logEvent.MessageTemplate.Text);
        }

        public void Dispose() => Disposed = true;
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.Now, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    [Test]
    public void Every_event_arrives_in_order_on_another_thread_and_dispose_waits_for_them()
    {
        var inner = new Recording();
        var sink = new BackgroundSink(inner);
        var expected = Enumerable.Range(0, 20_000).Select(i => $"line {i}").ToList();

        foreach (var line in expected)
        {
            sink.Emit(Event(line));
        }

        sink.Dispose();

        inner.Lines.Should().Equal(expected);
        inner.WriterThread.Should().NotBe(Environment.CurrentManagedThreadId);
        inner.Disposed.Should().BeTrue();
    }

    [Test]
    public void Events_from_several_threads_all_arrive_each_in_its_own_order()
    {
        var inner = new Recording();
        var sink = new BackgroundSink(inner);

        Parallel.For(0, 4, thread =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                sink.Emit(Event($"{thread}:{i}"));
            }
        });
        sink.Dispose();

        inner.Lines.Should().HaveCount(20_000);
        for (var thread = 0; thread < 4; thread++)
        {
            var prefix = $"{thread}:";
            inner.Lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => int.Parse(l[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture))
                .Should().BeInAscendingOrder().And.HaveCount(5_000);
        }
    }

    [Test]
    public void After_dispose_events_are_dropped_and_a_second_dispose_does_nothing()
    {
        var inner = new Recording();
        var sink = new BackgroundSink(inner);
        sink.Emit(Event("before"));
        sink.Dispose();

        var act = () =>
        {
            sink.Emit(Event("after"));
            sink.Dispose();
        };

        act.Should().NotThrow();
        inner.Lines.Should().Equal("before");
    }
}

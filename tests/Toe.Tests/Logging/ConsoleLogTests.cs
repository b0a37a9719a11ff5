using FluentAssertions;
using NUnit.Framework;
using Toe.Logging;

namespace Toe.Tests.Logging;

/// <summary>console.log on a failing disk (found in review: a full disk used to lose the run summary).</summary>
public class ConsoleLogTests
{
    [Test]
    public void A_full_disk_is_recorded_not_thrown()
    {
        if (!File.Exists("/dev/full"))
        {
            Assert.Ignore("/dev/full (writes fail with 'no space left on device') exists only on Linux");
        }

        var log = new ConsoleLog("/dev/full", new SecretMasker());
        var big = new byte[256 * 1024];

        var act = () =>
        {
            log.Write(big, endOfLine: true);
            log.WriteLine("after the disk filled up");
            log.Flush();
            log.Dispose();
        };

        act.Should().NotThrow();
        log.Failure.Should().StartWith("console.log is incomplete: ").And.Contain("space");
    }

    [Test]
    public void A_healthy_disk_reports_no_failure()
    {
        var path = Path.Combine(Path.GetTempPath(), $"toe-console-{Guid.NewGuid():N}.log");
        try
        {
            using (var log = new ConsoleLog(path, new SecretMasker()))
            {
                log.WriteLine("hello");
                log.Flush();
                log.Failure.Should().BeNull();
            }

            File.ReadAllText(path).Should().Be("hello\n");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

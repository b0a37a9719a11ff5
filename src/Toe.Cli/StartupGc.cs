using System.Runtime;

namespace Toe.Cli;

/// <summary>
/// No garbage collection while <c>toe run</c> and <c>toe validate</c> read and check their documents. Start-up allocates
/// many short-lived objects (YAML and JSON trees, JsonSchema.Net building the schema) and keeps some of them; the gen-0
/// collections in between copied the survivors and were about a sixth of the time to the first step (a 1-step run:
/// 31.8 against 26.4 ms, docs/performance.md). The region ends before the first step runs, so a run's memory is
/// collected as usual from then on; when start-up allocates more than the budget (a very large document), the runtime
/// collects and ends the region by itself.
/// </summary>
internal static class StartupGc
{
    private const long Budget = 64L * 1024 * 1024;

    public static void Pause()
    {
        try
        {
            GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Only an optimisation: without it start-up is a little slower.
        }
    }

    public static void Resume()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The runtime ended the region itself (start-up allocated more than the budget).
        }
    }
}

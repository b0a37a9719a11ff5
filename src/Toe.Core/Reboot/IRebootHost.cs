namespace Toe.Reboot;

/// <summary>
/// The machine-level effects of <c>--reboot-mode system</c>, behind an interface so that tests record them
/// instead of rebooting the test machine (the test suite ships a recording implementation).
/// </summary>
public interface IRebootHost
{
    /// <summary>Registers a one-time trigger that runs <paramref name="command"/> in <paramref name="workingDirectory"/> at the next boot.</summary>
    void RegisterResumeTrigger(IReadOnlyList<string> command, string workingDirectory);

    /// <summary>Removes the trigger if there is one (a resumed run, or <c>toe state clear</c>). Never fails for a missing trigger.</summary>
    void RemoveResumeTrigger();

    /// <summary>Reboots the machine after <paramref name="delaySeconds"/>.</summary>
    Task RebootAsync(int delaySeconds, CancellationToken cancellationToken);
}

using Toe.Reboot;

namespace Toe.Tests.Support;

/// <summary>An <see cref="IRebootHost"/> that records what it was asked to do and reboots nothing.</summary>
public sealed class RecordingRebootHost : IRebootHost
{
    public List<string> Calls { get; } = [];

    public IReadOnlyList<string>? TriggerCommand { get; private set; }

    public string? TriggerDirectory { get; private set; }

    public void RegisterResumeTrigger(IReadOnlyList<string> command, string workingDirectory)
    {
        Calls.Add("register");
        TriggerCommand = command;
        TriggerDirectory = workingDirectory;
    }

    public void RemoveResumeTrigger() => Calls.Add("remove");

    public Task RebootAsync(int delaySeconds, CancellationToken cancellationToken)
    {
        Calls.Add($"reboot {delaySeconds}");
        return Task.CompletedTask;
    }
}

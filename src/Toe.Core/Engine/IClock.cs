namespace Toe.Engine;

/// <summary>The current time; local time with its offset, as detailedoutput.json shows it.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}

public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset Now => DateTimeOffset.Now;
}

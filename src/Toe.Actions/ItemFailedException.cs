namespace Toe.Actions;

/// <summary>
/// One item of a list-shaped step failed for a reason the author can act on (missing source, bad input,
/// existing target with overwrite false). Thrown inside <see cref="ListInputModule.ExecuteItemAsync"/>;
/// <see cref="ListInputModule"/> turns it into the step's failure message. Never escapes a module.
/// </summary>
public sealed class ItemFailedException : Exception
{
    public ItemFailedException(string message)
        : base(message)
    {
    }

    public ItemFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ItemFailedException()
    {
    }
}

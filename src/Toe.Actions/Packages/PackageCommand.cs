namespace Toe.Actions.Packages;

/// <summary>One program run of an update: the program's name (found on PATH) and its arguments, each passed as is.</summary>
public sealed record PackageCommand(string Program, IReadOnlyList<string> Arguments)
{
    public override string ToString() => Arguments.Count == 0 ? Program : Program + " " + string.Join(' ', Arguments);
}

/// <summary>How a package manager runs its commands; the UpdateOS module runs them through the step's process runner.</summary>
public interface IPackageShell
{
    /// <summary>Runs a command whose output goes to the step's console; returns the exit code.</summary>
    Task<int> RunAsync(PackageCommand command, CancellationToken cancellationToken);

    /// <summary>Runs a query and returns its stdout lines (stderr goes to the console); the exit code is not checked.</summary>
    Task<IReadOnlyList<string>> QueryAsync(PackageCommand command, CancellationToken cancellationToken);

    /// <summary>Writes a line of Toe's own to the step's console.</summary>
    void Say(string line);
}

/// <summary>A package-manager command failed; the message says which and how.</summary>
public sealed class PackageUpdateException : Exception
{
    public PackageUpdateException(string message)
        : base(message)
    {
    }

    public PackageUpdateException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The exit code of the command that failed, when one did.</summary>
    public int? ExitCode { get; }

    public PackageUpdateException()
    {
    }

    public PackageUpdateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Toe.Engine;

/// <summary>
/// An action module that always writes the same files into its step's folder (ExecuteBash: input.sh). The engine
/// creates them, empty, together with the folder and ahead of the step (StepFolders), so that creating a file, the
/// costly part of writing a small one, is off the critical path between two steps. Removed again, like the folder,
/// when the step does not run.
/// </summary>
public interface IScratchFiles
{
    /// <summary>File names inside the step folder.</summary>
    IReadOnlyList<string> ScratchFileNames { get; }
}

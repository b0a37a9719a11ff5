using System.Text.Json.Nodes;

namespace Toe.Engine;

/// <summary>
/// An action module that always writes the same files into its step's folder (ExecuteBash: input.sh). The engine
/// creates them together with the folder and ahead of the step (StepFolders), so that creating and writing a small
/// file is off the critical path between two steps. Removed again, like the folder, when the step does not run.
/// </summary>
public interface IScratchFiles
{
    /// <summary>
    /// The files, with their content when <paramref name="inputs"/> are given: the step's inputs as they will be at
    /// run time (the engine passes them only for a step whose inputs hold no reference at all). Null content: the file
    /// is created empty and the module writes it.
    /// </summary>
    IReadOnlyList<ScratchFile> ScratchFiles(JsonNode? inputs);
}

/// <summary>A file of <see cref="IScratchFiles"/>: its name inside the step folder and, when known ahead, its bytes.</summary>
public sealed record ScratchFile(string Name, byte[]? Content);

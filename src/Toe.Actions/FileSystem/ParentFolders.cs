namespace Toe.Actions.FileSystem;

/// <summary>Creates the missing parent folders of a path (CreateFile, CreateFolder), with a clear message when a file stands in the way.</summary>
internal static class ParentFolders
{
    public static void Create(string path)
    {
        var parent = Path.GetDirectoryName(path);
        if (parent is null || Directory.Exists(parent))
        {
            return;
        }

        for (var probe = parent; probe is not null && !Directory.Exists(probe); probe = Path.GetDirectoryName(probe))
        {
            if (File.Exists(probe) || new FileInfo(probe).LinkTarget is not null)
            {
                throw new ItemFailedException($"cannot create the parent folders of '{path}': '{probe}' is a file, not a folder");
            }
        }

        Directory.CreateDirectory(parent);
    }
}

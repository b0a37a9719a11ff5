using System.Security.Cryptography;

namespace Toe.Conditions;

/// <summary>The file hash operators: hex digest of the whole file.</summary>
internal static class FileHash
{
    /// <summary>The lowercase hex digest, or null with a reason when the file cannot be read.</summary>
    public static string? TryCompute(string op, string path, IConditionHost host, out string error)
    {
        error = string.Empty;
        if (path.Length == 0)
        {
            error = "path is empty";
            return null;
        }

        try
        {
            // MD5 and SHA1 verify files here, they protect nothing: the document chose the algorithm.
#pragma warning disable CA5350, CA5351
            using var stream = host.OpenRead(path);
            var digest = op switch
            {
                "fileMD5Equals" => MD5.HashData(stream),
                "fileSHA1Equals" => SHA1.HashData(stream),
                "fileSHA256Equals" => SHA256.HashData(stream),
                "fileSHA512Equals" => SHA512.HashData(stream),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a hash operator"),
            };
#pragma warning restore CA5350, CA5351
            return Convert.ToHexStringLower(digest);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return null;
        }
    }
}

using System.Security.Cryptography;

namespace Toe.Actions.Web;

/// <summary>
/// The expected hash of a download (<c>checksum</c> + <c>algorithm</c>). The algorithm name and the hex digits
/// are case-insensitive; a checksum that cannot be a hash of that algorithm (wrong length, not hex) is refused
/// before anything is downloaded.
/// </summary>
public sealed class DownloadChecksum
{
    private static readonly (string Name, HashAlgorithmName Algorithm, int Bytes)[] Algorithms =
    [
        ("MD5", HashAlgorithmName.MD5, 16),
        ("SHA1", HashAlgorithmName.SHA1, 20),
        ("SHA256", HashAlgorithmName.SHA256, 32),
        ("SHA512", HashAlgorithmName.SHA512, 64),
    ];

    private DownloadChecksum(string name, HashAlgorithmName algorithm, string expected)
    {
        Name = name;
        Algorithm = algorithm;
        Expected = expected;
    }

    /// <summary>The algorithm as documented (MD5, SHA1, SHA256, SHA512).</summary>
    public string Name { get; }

    public HashAlgorithmName Algorithm { get; }

    /// <summary>The expected hash, lower-case hex.</summary>
    public string Expected { get; }

    /// <summary>
    /// Reads <c>checksum</c> and <c>algorithm</c>. As documented, verification needs both: with only one of them
    /// nothing is verified and <paramref name="warning"/> says so (the module logs it).
    /// </summary>
    public static DownloadChecksum? From(string? checksum, string? algorithm, out string? warning)
    {
        checksum = string.IsNullOrWhiteSpace(checksum) ? null : checksum.Trim();
        algorithm = string.IsNullOrWhiteSpace(algorithm) ? null : algorithm.Trim();
        warning = (checksum, algorithm) switch
        {
            (null, null) => null,
            (_, null) => "input 'checksum' is given without 'algorithm'; the download is not verified (give both to verify it)",
            (null, _) => "input 'algorithm' is given without 'checksum'; the download is not verified (give both to verify it)",
            _ => null,
        };
        if (checksum is null || algorithm is null)
        {
            return null;
        }

        var match = Array.FindIndex(Algorithms, a => a.Name.Equals(algorithm, StringComparison.OrdinalIgnoreCase));
        if (match < 0)
        {
            throw new ItemFailedException($"input 'algorithm' is '{algorithm}'; use MD5, SHA1, SHA256 or SHA512");
        }

        var (name, hash, bytes) = Algorithms[match];
        if (checksum.Length != bytes * 2 || !checksum.All(char.IsAsciiHexDigit))
        {
            throw new ItemFailedException($"input 'checksum' is not a {name} hash: expected {bytes * 2} hex digits, got '{checksum}'");
        }

        return new DownloadChecksum(name, hash, checksum.ToLowerInvariant());
    }

    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(Algorithm);

    public bool Matches(string actualHex) => string.Equals(actualHex, Expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The hash of a file already on disk (streamed), lower-case hex.</summary>
    public async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        using var hash = CreateHash();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Hex(hash);
    }

    public static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());
}

using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Win32.SafeHandles;

namespace Toe.Aws;

/// <summary>
/// Streams objects between S3 and local files. Downloads go to a temporary file beside the target and
/// are renamed onto it only when every byte arrived, so a failure never leaves a partial file; large
/// objects come in ranged parts fetched in parallel and written at their offsets (never whole in
/// memory). Uploads of large files use multipart upload with parts in parallel, aborted on failure.
/// Every request carries <c>x-amz-expected-bucket-owner</c> when an owner is given.
/// </summary>
public sealed class S3Transfer : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly IAmazonS3 _client;
    private readonly bool _useChunkEncoding;

    public S3Transfer(IAmazonS3 client, int parallelism, bool useChunkEncoding)
    {
        _client = client;
        Parallelism = Math.Max(1, parallelism);
        _useChunkEncoding = useChunkEncoding;
    }

    /// <summary>A transfer with a client of its own, disposed with it.</summary>
    public S3Transfer(S3ClientFactory factory)
        : this(factory.Create(), factory.Parallelism, factory.UseChunkEncoding)
    {
        _ownsClient = true;
    }

    private readonly bool _ownsClient;

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>Requests kept in flight (ranged parts of one object, or objects of a prefix).</summary>
    public int Parallelism { get; }

    /// <summary>Size of one ranged GET or one upload part.</summary>
    public long PartSize { get; init; } = 8L * 1024 * 1024;

    /// <summary>Files larger than this are uploaded with multipart upload.</summary>
    public long MultipartThreshold { get; init; } = 16L * 1024 * 1024;

    public IAmazonS3 Client => _client;

    /// <summary>A temporary name beside the target, hidden and recognisable as Toe's.</summary>
    public static string TemporaryPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.toe-{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Downloads one object to <paramref name="destination"/>. With <paramref name="overwrite"/> false an
    /// existing file is kept and the download fails (the check is repeated atomically at the rename).
    /// Returns the number of bytes written.
    /// </summary>
    public async Task<long> DownloadFileAsync(S3Location source, string destination, string? expectedOwner, bool overwrite, CancellationToken cancellationToken)
    {
        var temporary = TemporaryPathFor(destination);
        try
        {
            long total;
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous))
            {
                total = await DownloadToHandleAsync(source, handle, expectedOwner, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, destination, overwrite);
            return total;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private async Task<long> DownloadToHandleAsync(S3Location source, SafeFileHandle handle, string? expectedOwner, CancellationToken cancellationToken)
    {
        // The first request is a plain GET: it tells the size, and small objects are done with it. For a
        // large object only its first part is read from that response; the rest comes in ranged parts,
        // several at a time, written at their offsets.
        long total;
        string etag;
        using (var first = await _client.GetObjectAsync(Get(source, expectedOwner, null, null, null), cancellationToken).ConfigureAwait(false))
        {
            total = first.ContentLength;
            etag = first.ETag;
            var firstLength = total <= MultipartThreshold ? total : PartSize;
            await CopyAtAsync(first.ResponseStream, handle, 0, firstLength, stopAtExpected: firstLength < total, cancellationToken).ConfigureAwait(false);
            if (firstLength == total)
            {
                return total;
            }
        }

        var parts = new List<(long Start, long End)>();
        for (var start = PartSize; start < total; start += PartSize)
        {
            parts.Add((start, Math.Min(start + PartSize, total) - 1));
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(parts, options, async (part, ct) =>
        {
            // If-Match: every part must come from the same version of the object as the first.
            using var response = await _client.GetObjectAsync(Get(source, expectedOwner, part.Start, part.End, etag), ct).ConfigureAwait(false);
            await CopyAtAsync(response.ResponseStream, handle, part.Start, part.End - part.Start + 1, stopAtExpected: false, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return total;
    }

    private static GetObjectRequest Get(S3Location source, string? expectedOwner, long? start, long? end, string? etag)
    {
        var request = new GetObjectRequest { BucketName = source.Bucket, Key = source.Key };
        if (expectedOwner is not null)
        {
            request.ExpectedBucketOwner = expectedOwner;
        }

        if (start is { } s && end is { } e)
        {
            request.ByteRange = new ByteRange(s, e);
        }

        if (etag is not null)
        {
            request.EtagToMatch = etag;
        }

        return request;
    }

    /// <summary>
    /// Streams a body to the file at <paramref name="offset"/>; a body shorter than announced is a failure.
    /// With <paramref name="stopAtExpected"/> only the first <paramref name="expected"/> bytes are read.
    /// </summary>
    private static async Task CopyAtAsync(Stream body, SafeFileHandle handle, long offset, long expected, bool stopAtExpected, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long written = 0;
        while (!stopAtExpected || written < expected)
        {
            int read;
            try
            {
                var want = stopAtExpected ? (int)Math.Min(buffer.Length, expected - written) : buffer.Length;
                read = await body.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new S3FailureException($"the transfer broke off after {offset + written} bytes: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new S3FailureException($"the transfer broke off after {offset + written} bytes: {ex.Message}", ex);
            }

            if (read == 0)
            {
                break;
            }

            await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), offset + written, cancellationToken).ConfigureAwait(false);
            written += read;
        }

        if (written != expected)
        {
            throw new S3FailureException($"the body was truncated: received {written} of {expected} bytes at offset {offset}");
        }
    }

    /// <summary>Every key under <paramref name="prefix"/>, in S3's (lexicographic) order, following continuation tokens.</summary>
    public async Task<IReadOnlyList<S3Object>> ListAsync(string bucket, string prefix, string? expectedOwner, CancellationToken cancellationToken)
    {
        var result = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        if (expectedOwner is not null)
        {
            request.ExpectedBucketOwner = expectedOwner;
        }

        while (true)
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            result.AddRange(response.S3Objects ?? []);
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                return result;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>Reads a small object as UTF-8 text (documents and configs); more than <paramref name="maxBytes"/> is a failure.</summary>
    public async Task<string> ReadTextAsync(S3Location source, string? expectedOwner, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await _client.GetObjectAsync(Get(source, expectedOwner, null, null, null), cancellationToken).ConfigureAwait(false);
        if (response.ContentLength > maxBytes)
        {
            throw new S3FailureException($"the object is {response.ContentLength} bytes; documents and configs are limited to {maxBytes} bytes");
        }

        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        if (memory.Length != response.ContentLength)
        {
            throw new S3FailureException($"the body was truncated: received {memory.Length} of {response.ContentLength} bytes");
        }

        return new System.Text.UTF8Encoding(false, true).GetString(memory.GetBuffer(), 0, (int)memory.Length).TrimStart('\uFEFF');
    }

    /// <summary>
    /// Uploads every file under <paramref name="folder"/> to <paramref name="prefix"/> + its relative path
    /// ('/'-separated), several at a time. Returns the number of files.
    /// </summary>
    public async Task<int> UploadFolderAsync(string folder, string bucket, string prefix, string? expectedOwner, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(files, options, async (file, ct) =>
        {
            var key = prefix + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await UploadFileAsync(file, new S3Location(bucket, key), expectedOwner, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return files.Count;
    }

    /// <summary>Uploads one file to one key: a single PUT, or a multipart upload above <see cref="MultipartThreshold"/>.</summary>
    public async Task UploadFileAsync(string file, S3Location destination, string? expectedOwner, CancellationToken cancellationToken)
    {
        var length = new FileInfo(file).Length;
        if (length <= MultipartThreshold)
        {
            var request = new PutObjectRequest { BucketName = destination.Bucket, Key = destination.Key, FilePath = file, UseChunkEncoding = _useChunkEncoding };
            if (expectedOwner is not null)
            {
                request.ExpectedBucketOwner = expectedOwner;
            }

            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return;
        }

        await UploadMultipartAsync(file, length, destination, expectedOwner, cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadMultipartAsync(string file, long length, S3Location destination, string? expectedOwner, CancellationToken cancellationToken)
    {
        // S3 allows 10,000 parts: grow the part size for very large files.
        var partSize = Math.Max(PartSize, (length + 9_999) / 10_000);
        var start = new InitiateMultipartUploadRequest { BucketName = destination.Bucket, Key = destination.Key };
        if (expectedOwner is not null)
        {
            start.ExpectedBucketOwner = expectedOwner;
        }

        var upload = await _client.InitiateMultipartUploadAsync(start, cancellationToken).ConfigureAwait(false);
        try
        {
            var count = (int)((length + partSize - 1) / partSize);
            var etags = new PartETag[count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (index, ct) =>
            {
                var offset = index * partSize;
                var request = new UploadPartRequest
                {
                    BucketName = destination.Bucket,
                    Key = destination.Key,
                    UploadId = upload.UploadId,
                    PartNumber = index + 1,
                    FilePath = file,
                    FilePosition = offset,
                    PartSize = Math.Min(partSize, length - offset),
                    UseChunkEncoding = _useChunkEncoding,
                };
                if (expectedOwner is not null)
                {
                    request.ExpectedBucketOwner = expectedOwner;
                }

                var response = await _client.UploadPartAsync(request, ct).ConfigureAwait(false);
                etags[index] = new PartETag(index + 1, response.ETag);
            }).ConfigureAwait(false);

            var complete = new CompleteMultipartUploadRequest { BucketName = destination.Bucket, Key = destination.Key, UploadId = upload.UploadId, PartETags = [.. etags] };
            if (expectedOwner is not null)
            {
                complete.ExpectedBucketOwner = expectedOwner;
            }

            await _client.CompleteMultipartUploadAsync(complete, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Abort so the parts do not stay (and cost) in the bucket; a failure to abort must not hide the first one.
            try
            {
                var abort = new AbortMultipartUploadRequest { BucketName = destination.Bucket, Key = destination.Key, UploadId = upload.UploadId };
                if (expectedOwner is not null)
                {
                    abort.ExpectedBucketOwner = expectedOwner;
                }

                await _client.AbortMultipartUploadAsync(abort, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonS3Exception)
            {
            }
            catch (HttpRequestException)
            {
            }

            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

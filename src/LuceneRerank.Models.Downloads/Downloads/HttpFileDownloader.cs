using System.Net;
using System.Net.Http.Headers;

namespace LuceneRerank.Downloads;

/// <summary>
/// Downloads one file over HTTPS into <c>destination.partial</c>, resuming a partial file with a <c>Range</c> request
/// (a server that ignores <c>Range</c> and answers 200 is handled by starting again), checks the expected size and
/// checksum, and only then renames the file into place. A checksum or size mismatch deletes the partial file (after a
/// resume, the file is first fetched once more from byte 0, since the kept prefix may be what was wrong); a broken
/// connection or cancellation keeps it, so the next call resumes. A partial file that is already complete (the server
/// answers 416 with its length) is verified without fetching it again when a checksum is expected. Plain <c>http</c> is accepted for loopback hosts only
/// (local test servers).
/// </summary>
public sealed class HttpFileDownloader
{
    /// <summary>The suffix of an unfinished download beside its destination.</summary>
    public const string PartialSuffix = ".partial";

    private const int BufferSize = 1 << 16;
    private readonly HttpClient _http;

    /// <summary>Creates a downloader over <paramref name="http"/> (the caller owns it and its timeout).</summary>
    public HttpFileDownloader(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destinationPath"/> (its folder is created). Throws
    /// <see cref="DownloadException"/> for an HTTP error status or a broken connection, <see cref="ChecksumMismatchException"/>
    /// when the complete file fails <paramref name="options"/>, and <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async Task<DownloadResult> DownloadAsync(
        Uri url,
        string destinationPath,
        DownloadOptions? options = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(destinationPath);
        options ??= DownloadOptions.Unverified;
        EnsureAllowed(url);

        var destination = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + PartialSuffix;
        if (options.ExpectedSize is long size && File.Exists(partial) && new FileInfo(partial).Length > size)
        {
            File.Delete(partial);  // longer than the file can be: not a prefix of it
        }

        var verifiable = options.ExpectedChecksum is not null;
        for (var attempt = 0; ; attempt++)
        {
            var resumedFrom = await FetchAsync(url, partial, trustCompletePartial: verifiable && attempt == 0, progress, cancellationToken)
                .ConfigureAwait(false);
            var length = new FileInfo(partial).Length;
            if (options.ExpectedSize is long expectedSize && length != expectedSize)
            {
                File.Delete(partial);
                throw new ChecksumMismatchException(
                    $"{url} gave {length} bytes but {Path.GetFileName(destination)} must have {expectedSize}; the download was deleted.",
                    url, destination);
            }

            var algorithm = options.ExpectedChecksum?.Algorithm ?? ChecksumAlgorithm.Sha256;
            var (actual, sha256) = await FileChecksum.ComputeWithSha256Async(partial, algorithm, cancellationToken).ConfigureAwait(false);
            if (options.ExpectedChecksum is { } expected && expected.Hex != actual.Hex)
            {
                File.Delete(partial);
                if (resumedFrom > 0 && attempt == 0)
                {
                    continue;  // the kept prefix may be what is wrong (a stale or corrupt partial file): once more from byte 0
                }

                throw new ChecksumMismatchException(
                    $"checksum mismatch for {Path.GetFileName(destination)} from {url}: expected {expected}, got {actual}; " +
                    "the download was deleted and nothing was put in place.",
                    url, destination);
            }

            File.Move(partial, destination, overwrite: true);
            return new DownloadResult(destination, length, sha256, resumedFrom, verifiable);
        }
    }

    /// <summary>Throws unless <paramref name="url"/> is HTTPS, or plain HTTP to a loopback host.</summary>
    public static void EnsureAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"not an absolute URL: {url}", nameof(url));
        }

        var https = url.Scheme == Uri.UriSchemeHttps;
        var loopbackHttp = url.Scheme == Uri.UriSchemeHttp && url.IsLoopback;
        if (!https && !loopbackHttp)
        {
            throw new ArgumentException(
                $"only HTTPS URLs are downloaded (plain HTTP only from a loopback host): {url}", nameof(url));
        }
    }

    /// <summary>
    /// Fetches what <paramref name="partial"/> lacks and returns the byte it resumed from (0: fetched whole). With
    /// <paramref name="trustCompletePartial"/>, a 416 answer whose <c>Content-Range: bytes */N</c> says the partial
    /// file already has all N bytes fetches nothing (the caller's checksum decides); otherwise a 416 starts again.
    /// </summary>
    private async Task<long> FetchAsync(
        Uri url, string partial, bool trustCompletePartial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(partial[..^PartialSuffix.Length]);
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0L;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (existing > 0)
            {
                request.Headers.Range = new RangeHeaderValue(existing, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new DownloadException($"could not reach {url}: {e.Message}", url, null, e);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0 && attempt == 0)
                {
                    if (trustCompletePartial && response.Content.Headers.ContentRange?.Length == existing)
                    {
                        progress?.Report(new DownloadProgress(fileName, existing, existing));
                        return existing;  // killed after the last byte but before the rename: nothing left to fetch
                    }

                    File.Delete(partial);  // the partial file does not fit the server's file: start again
                    existing = 0;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new DownloadException(
                        $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {url}", url, response.StatusCode);
                }

                var range = response.Content.Headers.ContentRange;
                var append = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent && range?.From == existing;
                if (response.StatusCode == HttpStatusCode.PartialContent && !append)
                {
                    throw new DownloadException(
                        $"{url} answered a range this downloader did not ask for ({range}); delete {partial} and retry.",
                        url, response.StatusCode);
                }

                var offset = append ? existing : 0L;
                long? total = append ? range!.Length : response.Content.Headers.ContentLength;
                await CopyBodyAsync(response, partial, append, offset, total, fileName, url, progress, cancellationToken)
                    .ConfigureAwait(false);
                return offset;
            }
        }
    }

    private static async Task CopyBodyAsync(
        HttpResponseMessage response,
        string partial,
        bool append,
        long offset,
        long? total,
        string fileName,
        Uri url,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var received = offset;
        var buffer = new byte[BufferSize];
        await using var file = new FileStream(
            partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            progress?.Report(new DownloadProgress(fileName, received, total));
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
                progress?.Report(new DownloadProgress(fileName, received, total));
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // A cancelled read can surface as an I/O error; report it as the cancellation it is (the partial file stays).
            throw new OperationCanceledException($"the download of {url} was cancelled after {received} bytes", e, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new DownloadException(
                $"the download of {url} broke off after {received} bytes ({e.Message}); {partial} was kept: run again to resume.",
                url, null, e);
        }

        if (total is long expected && received < expected)
        {
            throw new DownloadException(
                $"the download of {url} ended after {received} of {expected} bytes; {partial} was kept: run again to resume.", url);
        }
    }
}

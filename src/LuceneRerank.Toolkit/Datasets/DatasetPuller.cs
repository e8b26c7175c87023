using LuceneRerank.Downloads;

namespace LuceneRerank.Toolkit.Datasets;

/// <summary>Downloads a BEIR dataset zip (resumable), checks its MD5 and unpacks it safely.</summary>
public sealed class DatasetPuller
{
    private readonly HttpFileDownloader _downloader;

    /// <summary>Creates a puller over <paramref name="downloader"/>.</summary>
    public DatasetPuller(HttpFileDownloader downloader)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        _downloader = downloader;
    }

    /// <summary>
    /// Pulls <paramref name="name"/> into <paramref name="to"/>: downloads <c>{baseUrl}{name}.zip</c> to
    /// <c>{to}/{name}.zip</c>, checks <paramref name="expectedMd5"/> (default: the published one; none known means the
    /// result says unverified), and unpacks it into <paramref name="to"/> (the zip must hold a <c>{name}/</c> folder). Refuses to replace an existing
    /// <c>{to}/{name}</c> unless <paramref name="overwrite"/>.
    /// </summary>
    public async Task<DatasetPullResult> PullAsync(
        string name,
        string to,
        Uri baseUrl,
        string? expectedMd5 = null,
        bool overwrite = false,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!BeirDatasetCatalog.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a dataset name (lower-case letters, digits, '-', '_')", nameof(name));
        }

        var root = Path.GetFullPath(to);
        var datasetDirectory = Path.Combine(root, name);
        if (Directory.Exists(datasetDirectory) && !overwrite)
        {
            throw new IOException($"{datasetDirectory} already exists; use --force to replace it.");
        }

        var md5 = expectedMd5 ?? BeirDatasetCatalog.PublishedMd5(name);
        var options = new DownloadOptions { ExpectedChecksum = md5 is null ? null : FileChecksum.Md5(md5) };
        var baseText = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/";
        var url = new Uri(new Uri(baseText), name + ".zip");
        var zipPath = Path.Combine(root, name + ".zip");
        var download = await _downloader.DownloadAsync(url, zipPath, options, progress, cancellationToken).ConfigureAwait(false);
        EnsureHoldsDatasetFolder(zipPath, name);
        SafeZipExtractor.Extract(zipPath, root, overwrite);
        return new DatasetPullResult(name, zipPath, datasetDirectory, download.Verified, download.Sha256);
    }

    /// <summary>Checks, before unpacking anything, that the zip holds the <c>{name}/</c> folder the result points to.</summary>
    private static void EnsureHoldsDatasetFolder(string zipPath, string name)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(zipPath);
        if (!archive.Entries.Any(e => e.FullName.StartsWith(name + "/", StringComparison.Ordinal)))
        {
            var top = archive.Entries.Select(e => e.FullName.Split('/')[0]).Distinct().Take(5);
            throw new InvalidDataException(
                $"{zipPath} holds no '{name}/' folder (top-level entries: {string.Join(", ", top)}); nothing was unpacked.");
        }
    }
}

using System.Net;
using LuceneRerank.Downloads;

namespace LuceneRerank.Models;

/// <summary>
/// Downloads a manifest's files into a model directory (resuming partial files, verifying pinned hashes) and keeps a
/// copy of the manifest there as <see cref="ManifestFileName"/>, so that <c>models verify</c> needs no name later.
/// </summary>
public sealed class ModelDownloader
{
    /// <summary>The name of the manifest copy written into a pulled model directory.</summary>
    public const string ManifestFileName = "lrr-model.json";

    private readonly HttpFileDownloader _downloader;

    /// <summary>Creates a model downloader over <paramref name="downloader"/>.</summary>
    public ModelDownloader(HttpFileDownloader downloader)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        _downloader = downloader;
    }

    /// <summary>
    /// Pulls every file of <paramref name="manifest"/> into <paramref name="directory"/>. A present file with the pinned
    /// hash is kept; a present file with a wrong hash is downloaded again. Files from <paramref name="baseUrlOverride"/>
    /// when given (a mirror, or a local test server), else from the manifest's source.
    /// </summary>
    public async Task<IReadOnlyList<ModelFilePullResult>> PullAsync(
        ModelManifest manifest,
        string directory,
        Uri? baseUrlOverride = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var results = new List<ModelFilePullResult>(manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            results.Add(await PullFileAsync(manifest, file, directory, baseUrlOverride, progress, cancellationToken)
                .ConfigureAwait(false));
        }

        await File.WriteAllTextAsync(
            Path.Combine(directory, ManifestFileName), ModelManifestLoader.Serialize(manifest), cancellationToken)
            .ConfigureAwait(false);
        return results;
    }

    private async Task<ModelFilePullResult> PullFileAsync(
        ModelManifest manifest,
        ModelFileEntry file,
        string directory,
        Uri? baseUrlOverride,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var destination = Path.Combine(directory, file.LocalPath);
        var pinned = file.Sha256 is not null;
        if (File.Exists(destination))
        {
            var check = await ModelDirectoryVerifier.VerifyFileAsync(file, destination, cancellationToken).ConfigureAwait(false);
            if (check.Status is FileVerificationStatus.Ok or FileVerificationStatus.Unpinned)
            {
                return new ModelFilePullResult(file.Path, ModelFilePullOutcome.AlreadyPresent, check.ActualSha256, pinned);
            }
        }

        var options = new DownloadOptions
        {
            ExpectedChecksum = file.Sha256 is null ? null : FileChecksum.Sha256(file.Sha256),
            ExpectedSize = file.Size,
        };
        try
        {
            var result = await _downloader.DownloadAsync(
                manifest.FileUrl(file, baseUrlOverride), destination, options, progress, cancellationToken).ConfigureAwait(false);
            var outcome = result.ResumedFromBytes > 0 ? ModelFilePullOutcome.Resumed : ModelFilePullOutcome.Downloaded;
            return new ModelFilePullResult(file.Path, outcome, result.Sha256.Hex, pinned);
        }
        catch (DownloadException e) when (file.Optional && e.StatusCode == HttpStatusCode.NotFound)
        {
            return new ModelFilePullResult(file.Path, ModelFilePullOutcome.SkippedOptional, null, pinned);
        }
    }
}

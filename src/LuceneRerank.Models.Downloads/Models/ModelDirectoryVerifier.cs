using LuceneRerank.Downloads;

namespace LuceneRerank.Models;

/// <summary>Checks that a model directory holds its manifest's files with the pinned sizes and SHA-256 hashes.</summary>
public static class ModelDirectoryVerifier
{
    /// <summary>Checks every file of <paramref name="manifest"/> under <paramref name="directory"/>; reads each present file once.</summary>
    public static async Task<ModelVerificationReport> VerifyAsync(
        ModelManifest manifest, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model directory not found: {directory}");
        }

        var results = new List<FileVerification>(manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            results.Add(await VerifyFileAsync(file, Path.Combine(directory, file.LocalPath), cancellationToken).ConfigureAwait(false));
        }

        return new ModelVerificationReport(directory, manifest, results);
    }

    /// <summary>Checks one file at <paramref name="path"/> against <paramref name="file"/>.</summary>
    public static async Task<FileVerification> VerifyFileAsync(
        ModelFileEntry file, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return file.Optional
                ? new FileVerification(file.Path, FileVerificationStatus.OptionalMissing, file.Sha256, null, "optional file not present")
                : new FileVerification(file.Path, FileVerificationStatus.Missing, file.Sha256, null, $"missing: {path}");
        }

        var length = new FileInfo(path).Length;
        if (file.Size is long size && size != length)
        {
            return new FileVerification(file.Path, FileVerificationStatus.SizeMismatch, file.Sha256, null,
                $"size {length} bytes, manifest says {size}");
        }

        var actual = (await FileChecksum.ComputeAsync(path, ChecksumAlgorithm.Sha256, cancellationToken).ConfigureAwait(false)).Hex;
        if (file.Sha256 is null)
        {
            return new FileVerification(file.Path, FileVerificationStatus.Unpinned, null, actual,
                $"no pinned hash in the manifest (unverified); sha256 {actual}");
        }

        return actual == file.Sha256
            ? new FileVerification(file.Path, FileVerificationStatus.Ok, file.Sha256, actual, $"sha256 {actual}")
            : new FileVerification(file.Path, FileVerificationStatus.HashMismatch, file.Sha256, actual,
                $"sha256 {actual}, manifest says {file.Sha256}");
    }
}

using LuceneRerank.Downloads;

namespace LuceneRerank.Toolkit.Datasets;

/// <summary>The outcome of <see cref="DatasetPuller.PullAsync"/>.</summary>
/// <param name="Name">The dataset.</param>
/// <param name="ZipPath">The downloaded zip (kept beside the data).</param>
/// <param name="DatasetDirectory">Where the data now is (normally <c>{to}/{name}</c>).</param>
/// <param name="Verified">Whether a checksum was known and matched; false means the zip is unverified.</param>
/// <param name="Sha256">The zip's SHA-256 (print it so users can record what they got).</param>
public sealed record DatasetPullResult(string Name, string ZipPath, string DatasetDirectory, bool Verified, FileChecksum Sha256);

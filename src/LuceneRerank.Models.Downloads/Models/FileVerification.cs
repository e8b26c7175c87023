namespace LuceneRerank.Models;

/// <summary>The check of one manifest file.</summary>
/// <param name="Path">The manifest's relative path.</param>
/// <param name="Status">The outcome.</param>
/// <param name="ExpectedSha256">The pinned hash, if any.</param>
/// <param name="ActualSha256">The computed hash, when the file was present.</param>
/// <param name="Detail">The problem or fact in words.</param>
public sealed record FileVerification(
    string Path, FileVerificationStatus Status, string? ExpectedSha256, string? ActualSha256, string Detail)
{
    /// <summary>Whether this file makes the directory invalid.</summary>
    public bool IsFailure => Status is FileVerificationStatus.Missing or FileVerificationStatus.SizeMismatch
        or FileVerificationStatus.HashMismatch;

    /// <inheritdoc />
    public override string ToString() => $"{Status.ToString().ToLowerInvariant(),-16} {Path}: {Detail}";
}

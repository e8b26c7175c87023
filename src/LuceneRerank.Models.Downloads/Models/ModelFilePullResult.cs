namespace LuceneRerank.Models;

/// <summary>The result of pulling one manifest file.</summary>
/// <param name="Path">The manifest's relative path.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Sha256">The file's SHA-256 when it is present.</param>
/// <param name="Pinned">Whether the manifest pins the hash (so it was verified); false means unverified.</param>
public sealed record ModelFilePullResult(string Path, ModelFilePullOutcome Outcome, string? Sha256, bool Pinned);

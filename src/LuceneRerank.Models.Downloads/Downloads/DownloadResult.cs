namespace LuceneRerank.Downloads;

/// <summary>A completed, checked download.</summary>
/// <param name="Path">The final file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256, always computed (print it to pin a file that had no known checksum).</param>
/// <param name="ResumedFromBytes">Bytes that were already in the <c>.partial</c> file and kept; 0 for a fresh download.</param>
/// <param name="Verified">Whether an expected checksum was given and matched.</param>
public sealed record DownloadResult(string Path, long Bytes, FileChecksum Sha256, long ResumedFromBytes, bool Verified);

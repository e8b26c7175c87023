namespace LuceneRerank.Toolkit.Indexing;

/// <summary>A progress report of an index build.</summary>
/// <param name="Documents">Documents added so far.</param>
/// <param name="SkippedLines">Malformed lines skipped so far.</param>
/// <param name="BytesRead">Corpus bytes consumed so far.</param>
/// <param name="TotalBytes">Size of the corpus file in bytes.</param>
/// <param name="Elapsed">Time since the build started.</param>
/// <param name="Stage">What the builder is doing (reading, committing, moving into place).</param>
public sealed record IndexBuildProgress(
    long Documents, long SkippedLines, long BytesRead, long TotalBytes, TimeSpan Elapsed, IndexBuildStage Stage)
{
    /// <summary>Documents added per second so far.</summary>
    public double DocumentsPerSecond => Elapsed.TotalSeconds > 0 ? Documents / Elapsed.TotalSeconds : 0;

    /// <summary>Fraction of the corpus read, 0 to 1.</summary>
    public double Fraction => TotalBytes > 0 ? Math.Min(1.0, (double)BytesRead / TotalBytes) : 0;

    /// <summary>Estimated time left to read the rest of the corpus, or null before there is a basis for it.</summary>
    public TimeSpan? EstimatedRemaining =>
        Fraction is > 0 and < 1 ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (1 - Fraction) / Fraction) : null;
}

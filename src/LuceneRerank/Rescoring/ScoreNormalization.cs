namespace LuceneRerank.Rescoring;

/// <summary>How <see cref="FusionMode.NormalizedLinear"/> brings one list of scores (those of the window) to a common scale.</summary>
public enum ScoreNormalization
{
    /// <summary>
    /// <c>(x − min) / (max − min)</c>, into [0, 1]. When every score of the list is equal, each becomes 0.5
    /// (the list carries no information, and the midpoint keeps the other list's weight meaningful).
    /// </summary>
    MinMax,

    /// <summary>
    /// <c>(x − mean) / σ</c> with the population standard deviation σ (divided by n). When σ is 0, each score becomes 0.
    /// </summary>
    ZScore,
}

namespace LuceneRerank.Rescoring;

/// <summary>How the first-pass score and the model score of a hit inside the window become its final score.</summary>
public enum FusionMode
{
    /// <summary>The final score is the raw model score; the first-pass score only breaks ties.</summary>
    Replace,

    /// <summary><c>firstPassWeight × firstPassScore + modelWeight × modelScore</c> on the raw scores.</summary>
    Linear,

    /// <summary>
    /// <c>firstPassWeight × norm(firstPassScore) + modelWeight × norm(modelScore)</c>, where both score lists of the
    /// window are normalised on their own with the chosen <see cref="ScoreNormalization"/>.
    /// </summary>
    NormalizedLinear,

    /// <summary>
    /// Reciprocal rank fusion: <c>firstPassWeight / (k + firstPassRank) + modelWeight / (k + modelRank)</c>, with
    /// 1-based ranks inside the window.
    /// </summary>
    ReciprocalRank,
}

namespace LuceneRerank.Rescoring;

/// <summary>What <see cref="ScoreFuser"/> computed for the hits of a window, index-aligned with them.</summary>
/// <param name="FirstPass">The first-pass score as fusion used it; <c>NaN</c> where the mode does not use it.</param>
/// <param name="Model">The model score as fusion used it.</param>
/// <param name="ModelRank">1-based rank of the raw model score inside the window, ties by first-pass rank.</param>
/// <param name="Final">The fused score.</param>
internal sealed record FusedScores(float[] FirstPass, float[] Model, int[] ModelRank, float[] Final);

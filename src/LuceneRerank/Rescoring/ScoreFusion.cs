using System.Globalization;

namespace LuceneRerank.Rescoring;

/// <summary>
/// How first-pass and model scores of the hits inside the window are merged. Create one with
/// <see cref="Replace"/>, <see cref="Linear"/>, <see cref="NormalizedLinear"/> or <see cref="ReciprocalRank"/>.
/// </summary>
/// <remarks>
/// The default of <see cref="NeuralRescorerOptions.Fusion"/> is <see cref="Replace"/>: a cross-encoder's score is a far
/// better relevance signal than BM25's, the published figures of cross-encoder rerankers (for example BEIR nDCG@10)
/// are measured by sorting the window on the model score alone, and every fusion that mixes in BM25 needs weights
/// tuned per corpus. Ties are broken by first-pass rank in every mode.
/// </remarks>
public sealed class ScoreFusion
{
    private ScoreFusion(FusionMode mode, float firstPassWeight, float modelWeight, ScoreNormalization normalization, float k)
    {
        Mode = mode;
        FirstPassWeight = firstPassWeight;
        ModelWeight = modelWeight;
        Normalization = normalization;
        K = k;
    }

    /// <summary>The default <c>k</c> of reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009).</summary>
    public const float DefaultReciprocalRankK = 60f;

    /// <summary>The final score is the raw model score.</summary>
    public static ScoreFusion Replace { get; } = new(FusionMode.Replace, 0f, 1f, ScoreNormalization.MinMax, 0f);

    /// <summary>The fusion mode.</summary>
    public FusionMode Mode { get; }

    /// <summary>Weight of the first-pass score (unused by <see cref="FusionMode.Replace"/>, where it is 0).</summary>
    public float FirstPassWeight { get; }

    /// <summary>Weight of the model score (1 for <see cref="FusionMode.Replace"/>).</summary>
    public float ModelWeight { get; }

    /// <summary>The normalisation of <see cref="FusionMode.NormalizedLinear"/> (meaningless in other modes).</summary>
    public ScoreNormalization Normalization { get; }

    /// <summary>The <c>k</c> of <see cref="FusionMode.ReciprocalRank"/> (0 in other modes).</summary>
    public float K { get; }

    /// <summary><c>firstPassWeight × firstPassScore + modelWeight × modelScore</c> on raw scores.</summary>
    public static ScoreFusion Linear(float firstPassWeight, float modelWeight)
    {
        CheckWeights(firstPassWeight, modelWeight);
        return new ScoreFusion(FusionMode.Linear, firstPassWeight, modelWeight, ScoreNormalization.MinMax, 0f);
    }

    /// <summary>A weighted sum of both score lists, each normalised over the window.</summary>
    public static ScoreFusion NormalizedLinear(ScoreNormalization normalization, float firstPassWeight, float modelWeight)
    {
        CheckWeights(firstPassWeight, modelWeight);
        if (!Enum.IsDefined(normalization))
        {
            throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Unknown normalisation.");
        }

        return new ScoreFusion(FusionMode.NormalizedLinear, firstPassWeight, modelWeight, normalization, 0f);
    }

    /// <summary>Reciprocal rank fusion of the first-pass and model rankings of the window.</summary>
    /// <param name="k">Rank offset; larger values flatten the head of each ranking. Default 60.</param>
    /// <param name="firstPassWeight">Weight of the first-pass ranking. Default 1.</param>
    /// <param name="modelWeight">Weight of the model ranking. Default 1.</param>
    public static ScoreFusion ReciprocalRank(float k = DefaultReciprocalRankK, float firstPassWeight = 1f, float modelWeight = 1f)
    {
        if (!float.IsFinite(k) || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The k of reciprocal rank fusion must be a finite number ≥ 0.");
        }

        CheckWeights(firstPassWeight, modelWeight);
        return new ScoreFusion(FusionMode.ReciprocalRank, firstPassWeight, modelWeight, ScoreNormalization.MinMax, k);
    }

    /// <summary>
    /// Parses the console syntax: <c>replace</c>, <c>linear:W1,W2</c>, <c>minmax:W1,W2</c>, <c>zscore:W1,W2</c>,
    /// <c>rrf</c> or <c>rrf:K</c> (W1 first-pass weight, W2 model weight; weights default to 0.5,0.5 for the
    /// normalised modes and are required for <c>linear</c>).
    /// </summary>
    /// <exception cref="FormatException">The text is not one of these forms; the message says what is expected.</exception>
    public static ScoreFusion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':');
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var args = colon < 0 ? Array.Empty<float>() : ParseNumbers(text, text[(colon + 1)..]);
        try
        {
            return (name, args.Length) switch
            {
                ("replace", 0) => Replace,
                ("linear", 2) => Linear(args[0], args[1]),
                ("minmax", 0) => NormalizedLinear(ScoreNormalization.MinMax, 0.5f, 0.5f),
                ("minmax", 2) => NormalizedLinear(ScoreNormalization.MinMax, args[0], args[1]),
                ("zscore", 0) => NormalizedLinear(ScoreNormalization.ZScore, 0.5f, 0.5f),
                ("zscore", 2) => NormalizedLinear(ScoreNormalization.ZScore, args[0], args[1]),
                ("rrf", 0) => ReciprocalRank(),
                ("rrf", 1) => ReciprocalRank(args[0]),
                _ => throw new FormatException(
                    $"Unknown fusion '{text}'; expected replace, linear:W1,W2, minmax[:W1,W2], zscore[:W1,W2] or rrf[:K]."),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Invalid fusion '{text}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        FusionMode.Replace => "Replace (final score = model score)",
        FusionMode.Linear => Invariant($"Linear (first-pass weight {FirstPassWeight}, model weight {ModelWeight})"),
        FusionMode.NormalizedLinear =>
            Invariant($"NormalizedLinear ({Normalization}; first-pass weight {FirstPassWeight}, model weight {ModelWeight})"),
        _ => Invariant($"ReciprocalRank (k {K}; first-pass weight {FirstPassWeight}, model weight {ModelWeight})"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static float[] ParseNumbers(string text, string numbers)
    {
        var parts = numbers.Split(',');
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"Invalid fusion '{text}': '{parts[i]}' is not a number.");
            }
        }

        return values;
    }

    private static void CheckWeights(float firstPassWeight, float modelWeight)
    {
        if (!float.IsFinite(firstPassWeight) || firstPassWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(firstPassWeight), firstPassWeight, "Weights must be finite numbers ≥ 0.");
        }

        if (!float.IsFinite(modelWeight) || modelWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(modelWeight), modelWeight, "Weights must be finite numbers ≥ 0.");
        }
    }
}

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// The score arithmetic of in-context reranking, as the official code's default (<c>masked_NA_calibration</c>) does it:
/// per passage token k, d[k] = query attention[k] − calibration attention[k]; tokens with d[k] below the passage's
/// mean(d) − 2·std(d) (sample standard deviation, n − 1; 0 for a one-token passage) are dropped as biased; the score is
/// Σ d[k] over the kept tokens.
/// </summary>
internal static class IcrScoring
{
    /// <summary>The passage's masses and score from both passes' per-token attention over its span.</summary>
    public static (double Score, double Query, double Calibration, int Kept) Score(
        ReadOnlySpan<double> queryAttention, ReadOnlySpan<double> calibrationAttention, (int Start, int End) span)
    {
        var length = span.End - span.Start;
        if (length <= 0)
        {
            return (0, 0, 0, 0);
        }

        var query = queryAttention[span.Start..span.End];
        var calibration = calibrationAttention[span.Start..span.End];
        double mean = 0;
        for (var k = 0; k < length; k++)
        {
            mean += query[k] - calibration[k];
        }

        mean /= length;
        double squares = 0;
        for (var k = 0; k < length; k++)
        {
            var centred = query[k] - calibration[k] - mean;
            squares += centred * centred;
        }

        var threshold = mean - (2 * (length > 1 ? Math.Sqrt(squares / (length - 1)) : 0));
        double queryMass = 0, calibrationMass = 0;
        var kept = 0;
        for (var k = 0; k < length; k++)
        {
            if (query[k] - calibration[k] >= threshold)
            {
                queryMass += query[k];
                calibrationMass += calibration[k];
                kept++;
            }
        }

        return (queryMass - calibrationMass, queryMass, calibrationMass, kept);
    }
}

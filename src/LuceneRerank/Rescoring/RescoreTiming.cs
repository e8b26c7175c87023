namespace LuceneRerank.Rescoring;

/// <summary>Where the time of a rescoring (or of a cascade stage) went; add them up to total over many queries.</summary>
/// <param name="Elapsed">All of it, wall time: passage reading, tokenisation, inference, fusion.</param>
/// <param name="Tokenization">The part the reranker reports as tokenisation (zero when it reports none).</param>
/// <param name="Inference">The part the reranker reports as model inference (zero when it reports none).</param>
public readonly record struct RescoreTiming(TimeSpan Elapsed, TimeSpan Tokenization, TimeSpan Inference)
{
    /// <summary>Adds two timings part by part.</summary>
    public static RescoreTiming operator +(RescoreTiming a, RescoreTiming b) =>
        new(a.Elapsed + b.Elapsed, a.Tokenization + b.Tokenization, a.Inference + b.Inference);
}

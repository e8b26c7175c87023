namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>Time spent in one rescoring stage (summed over queries).</summary>
/// <param name="Rescoring">All of the stage: passage reading, tokenisation, inference, fusion.</param>
/// <param name="Tokenization">The part the reranker reports as tokenisation.</param>
/// <param name="Inference">The part the reranker reports as model inference.</param>
internal readonly record struct StageTiming(TimeSpan Rescoring, TimeSpan Tokenization, TimeSpan Inference)
{
    /// <summary>Adds two timings part by part.</summary>
    public static StageTiming operator +(StageTiming a, StageTiming b) =>
        new(a.Rescoring + b.Rescoring, a.Tokenization + b.Tokenization, a.Inference + b.Inference);

    /// <summary>Subtracts part by part (the time added between two snapshots).</summary>
    public static StageTiming operator -(StageTiming a, StageTiming b) =>
        new(a.Rescoring - b.Rescoring, a.Tokenization - b.Tokenization, a.Inference - b.Inference);
}

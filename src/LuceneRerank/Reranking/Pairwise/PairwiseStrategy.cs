namespace LuceneRerank.Reranking.Pairwise;

/// <summary>Which pairs PRP compares.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public enum PairwiseStrategy
{
    /// <summary>
    /// All pairs when there are at most <see cref="PairwiseRerankerOptions.AllPairsMaxCandidates"/> passages, else
    /// the sliding (bubble) top-k sort. The default.
    /// </summary>
    Auto,

    /// <summary>
    /// PRP-Allpair: every pair in both orders, n(n−1) forward passes run in batches; score = Σ over the other passages
    /// of the preference (a soft win count).
    /// </summary>
    AllPairs,

    /// <summary>
    /// PRP-Sliding-K: K bubble-sort passes from the back of the list to the front, each comparison in both orders;
    /// at most 2 × (K(n−1) − K(K−1)/2) forward passes (a pair an earlier pass compared is not asked again), one
    /// comparison (two passes) per ONNX Runtime call. Only the top K are
    /// sorted; below them the order is partial (a passage has moved up only past the neighbours it beat on the way).
    /// Ties (preference 0) never swap, so equal passages keep their first-stage order. Score = n − rank.
    /// </summary>
    BubbleTopK,
}

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>How the setwise reranker selects its top-K from sets of candidates (Zhuang et al. 2024, Rank-R1).</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public enum SetwiseStrategy
{
    /// <summary>
    /// Heap sort on a d-ary max-heap (d = set size − 1): a node and its up-to-d children form one set, the model names
    /// the best and it moves up. Building the heap takes one generation per internal node and one more per level a
    /// node sinks; each of the K − 1 extractions after the first takes one generation per level the new root sinks
    /// (at least one). Data dependent; see <see cref="SetwiseReranker"/> for the bounds.
    /// </summary>
    HeapSort,

    /// <summary>
    /// Bubble sort: K passes, each sliding a set from the bottom of the unsorted part to its top with a stride of
    /// set size − 1, the best of each set carried up. Exactly Σ_{p=0}^{K−1} ⌈(n − p − 1) / (k − 1)⌉ generations.
    /// </summary>
    Bubble,
}

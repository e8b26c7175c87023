namespace LuceneRerank.Toolkit.Evaluation;

/// <summary>The kinds of metric the evaluator computes.</summary>
public enum MetricKind
{
    /// <summary>nDCG with linear gains (trec_eval <c>ndcg_cut</c>): gain = graded label, discount log2(rank + 1).</summary>
    Ndcg,

    /// <summary>Reciprocal rank of the first relevant document within the cutoff (trec_eval <c>recip_rank</c>).</summary>
    Mrr,

    /// <summary>Relevant documents retrieved within the cutoff over all relevant documents (trec_eval <c>recall</c>).</summary>
    Recall,

    /// <summary>Relevant documents within the cutoff over the cutoff (trec_eval <c>P</c>).</summary>
    Precision,

    /// <summary>Average precision (trec_eval <c>map</c>), over the whole ranking unless a cutoff is given.</summary>
    Map,
}

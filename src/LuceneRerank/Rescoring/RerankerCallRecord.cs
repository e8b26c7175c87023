namespace LuceneRerank.Rescoring;

/// <summary>What one rescoring gave its reranker, for the telemetry around it.</summary>
internal sealed class RerankerCallRecord
{
    /// <summary>How many passages went to the reranker; 0 when it was not called.</summary>
    public int Pairs { get; set; }
}

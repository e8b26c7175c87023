namespace LuceneRerank.Reranking.Llm;

/// <summary>Where padding goes when sequences of different lengths share one batch.</summary>
public enum PaddingSide
{
    /// <summary>Pads after the real tokens (the default): a row's last real token is at its own length − 1.</summary>
    Right,

    /// <summary>Pads before the real tokens (as Qwen3-Reranker's reference code does): every row ends at the last column.</summary>
    Left,
}

namespace LuceneRerank.Reranking;

/// <summary>How a cross-encoder with two output labels (not relevant, relevant) turns its logits into a score.</summary>
public enum TwoLabelScore
{
    /// <summary>Softmax probability of the relevant label, in [0, 1]. The default.</summary>
    PositiveProbability,

    /// <summary>The raw logit of the relevant label.</summary>
    PositiveLogit,
}

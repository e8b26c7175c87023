namespace LuceneRerank.Reranking.T5;

/// <summary>How a T5 encoder-decoder's first decoder step becomes a relevance score.</summary>
public enum T5RerankMethod
{
    /// <summary>
    /// monoT5 (Nogueira et al. 2020): log-softmax of the positive label's logit over the positive and negative labels'
    /// logits ("true"/"false") at the first decoder step; the score is a log-probability, at most 0.
    /// </summary>
    MonoT5,

    /// <summary>
    /// RankT5 encoder-decoder (Zhuang et al. 2023): the raw logit of one ranking token (for example
    /// <c>&lt;extra_id_10&gt;</c>) at the first decoder step; unbounded.
    /// </summary>
    RankT5,
}

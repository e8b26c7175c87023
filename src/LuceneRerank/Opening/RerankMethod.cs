namespace LuceneRerank;

/// <summary>How a model scores passages: the reranker family <see cref="Rerankers.Open"/> builds over it.</summary>
public enum RerankMethod
{
    /// <summary>Decide from the manifest (its <c>kind</c>) or, for a model folder, from its files and <c>config.json</c>.</summary>
    Auto,

    /// <summary>A BERT / XLM-RoBERTa cross-encoder (<c>CrossEncoderReranker</c>); manifest kind <c>cross-encoder</c>.</summary>
    CrossEncoder,

    /// <summary>A decoder-only LLM scored by yes/no next-token logits (<c>PointwiseReranker</c>); kind <c>llm-pointwise</c>.</summary>
    Pointwise,

    /// <summary>A decoder-only LLM scored by the likelihood of the query (<c>QueryLikelihoodReranker</c>); kind <c>llm-query-likelihood</c>.</summary>
    QueryLikelihood,

    /// <summary>A listwise prompt over a decoder-only LLM or a T5 (<c>ListwiseReranker</c>); kind <c>llm-listwise</c>.</summary>
    Listwise,

    /// <summary>A pairwise ranking prompt over a decoder-only LLM or a T5 (<c>PairwiseReranker</c>); kind <c>llm-pairwise</c>.</summary>
    Pairwise,

    /// <summary>monoT5 over a T5 encoder-decoder (<c>T5Reranker</c>); kind <c>monot5</c>.</summary>
    MonoT5,

    /// <summary>RankT5 over a T5 encoder-decoder (<c>T5Reranker</c>); kind <c>rankt5</c>.</summary>
    RankT5,

    /// <summary>ColBERT late interaction, documents encoded at query time (<c>ColBertReranker</c>); kind <c>colbert</c>.</summary>
    ColBert,
}

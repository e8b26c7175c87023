namespace LuceneRerank.Models;

/// <summary>The values of a manifest's <c>kind</c>: which reranker reads the model (and its <c>prompt</c> section).</summary>
public static class ModelKinds
{
    /// <summary>A BERT-style cross-encoder (<c>CrossEncoderReranker</c>); no prompt.</summary>
    public const string CrossEncoder = "cross-encoder";

    /// <summary>A decoder-only LLM scored by yes/no next-token logits (<c>PointwiseReranker</c>).</summary>
    public const string LlmPointwise = "llm-pointwise";

    /// <summary>A decoder-only LLM scored by the likelihood of the query (<c>QueryLikelihoodReranker</c>).</summary>
    public const string LlmQueryLikelihood = "llm-query-likelihood";

    /// <summary>A listwise single-token (FIRST) prompt over a decoder or encoder-decoder (<c>ListwiseReranker</c>).</summary>
    public const string LlmListwise = "llm-listwise";

    /// <summary>A pairwise ranking prompt (PRP) over a decoder or encoder-decoder (<c>PairwiseReranker</c>).</summary>
    public const string LlmPairwise = "llm-pairwise";

    /// <summary>A monoT5 encoder-decoder (<c>T5Reranker</c>): log p(positive label) at the first decoder step.</summary>
    public const string MonoT5 = "monot5";

    /// <summary>A RankT5 encoder-decoder (<c>T5Reranker</c>): the raw logit of a ranking token at the first decoder step.</summary>
    public const string RankT5 = "rankt5";

    /// <summary>A ColBERT late-interaction model (<c>ColBertReranker</c>): token vectors scored by MaxSim; no prompt.</summary>
    public const string ColBert = "colbert";

    /// <summary>Every allowed kind.</summary>
    public static IReadOnlyList<string> All { get; } =
        [CrossEncoder, LlmPointwise, LlmQueryLikelihood, LlmListwise, LlmPairwise, MonoT5, RankT5, ColBert];

    /// <summary>The kinds whose manifests have no <c>prompt</c> section.</summary>
    internal static IReadOnlyList<string> WithoutPrompt { get; } = [CrossEncoder, ColBert];
}

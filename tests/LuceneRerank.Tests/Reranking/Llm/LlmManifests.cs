using LuceneRerank.Reranking.Llm;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>The repository's LLM prompt manifests under <c>models/</c>.</summary>
internal static class LlmManifests
{
    /// <summary>Qwen3-Reranker's pointwise prompt (the default manifest).</summary>
    public static LlmPromptManifest Qwen3Reranker => LlmPromptManifest.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "qwen3-reranker-0.6b.llm.json"));

    /// <summary>The query-likelihood prompt for a general Qwen3 decoder.</summary>
    public static LlmPromptManifest QueryLikelihood => LlmPromptManifest.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "qwen3-0.6b-query-likelihood.llm.json"));
}

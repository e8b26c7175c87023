using System.Text.Json;
using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>The repository's LLM model manifests under <c>models/</c>, and variants of them for error tests.</summary>
internal static class LlmManifests
{
    /// <summary>Qwen3-Reranker's pointwise prompt (kind llm-pointwise).</summary>
    public static ModelManifest Qwen3Reranker => ModelManifestLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "qwen3-reranker-0.6b.json"));

    /// <summary>The query-likelihood prompt for a general Qwen3 decoder (kind llm-query-likelihood).</summary>
    public static ModelManifest QueryLikelihood => ModelManifestLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "qwen3-0.6b-query-likelihood.json"));

    /// <summary><paramref name="manifest"/> with its prompt's open key <paramref name="key"/> set to <paramref name="value"/> (null: removed).</summary>
    public static ModelManifest WithPromptKey(ModelManifest manifest, string key, string? value)
    {
        var other = new Dictionary<string, JsonElement>(manifest.Prompt!.Other ?? new());
        if (value is null)
        {
            other.Remove(key);
        }
        else
        {
            other[key] = JsonSerializer.SerializeToElement(value);
        }

        return manifest with { Prompt = manifest.Prompt with { Other = other } };
    }
}

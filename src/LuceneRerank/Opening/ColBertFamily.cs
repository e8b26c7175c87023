using System.Text.Json;
using LuceneRerank.LateInteraction;
using LuceneRerank.Onnx;

namespace LuceneRerank;

/// <summary>
/// How <see cref="Rerankers.Open"/> recognises and opens a ColBERT model folder (<see cref="RerankMethod.ColBert"/>):
/// a <see cref="ColBertReranker"/> that encodes documents at query time. <see cref="RerankerOpenOptions.MaxLength"/>
/// sets the document length (capped by the manifest), <see cref="RerankerOpenOptions.TokenBudget"/> the padded tokens
/// per encoder run. Only the full-precision <c>model.onnx</c> is read.
/// </summary>
internal static class ColBertFamily
{
    /// <summary>Why <paramref name="directory"/> is a ColBERT model, in words; null when it shows none of ColBERT's config files.</summary>
    public static string? Evidence(string directory)
    {
        if (File.Exists(Path.Combine(directory, "artifact.metadata")))
        {
            return "artifact.metadata (a Stanford ColBERT checkpoint)";
        }

        var sentenceTransformers = Path.Combine(directory, "config_sentence_transformers.json");
        if (!File.Exists(sentenceTransformers))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(sentenceTransformers));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("query_prefix", out _) &&
                   document.RootElement.TryGetProperty("document_length", out _)
                ? "config_sentence_transformers.json with query_prefix and document_length (a PyLate ColBERT model)"
                : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sentenceTransformers} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Opens the ColBERT reranker of <paramref name="plan"/>.</summary>
    public static OpenedReranker Open(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        if (options.Precision is not (ModelPrecision.Auto or ModelPrecision.Fp32))
        {
            throw new ArgumentException(
                $"ColBERT models are read from their full-precision model.onnx only; precision {options.Precision} is not supported.", nameof(options));
        }

        if (plan.Manifest is { } manifest)
        {
            RerankerFamilies.CheckMaxLength(options.MaxLength, manifest.MaxLength, $"the manifest '{manifest.Name}'");
        }

        var reranker = ColBertReranker.Create(plan.ModelDirectory, new ColBertEncoderOptions
        {
            OnnxRuntime = runtime,
            DocumentLength = options.MaxLength,
            MaxTokensPerBatch = options.TokenBudget,
        }, plan.Manifest?.Name);
        return new OpenedReranker(reranker, plan, reranker);
    }
}

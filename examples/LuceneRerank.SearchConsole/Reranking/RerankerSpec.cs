using LuceneRerank.Onnx;
using LuceneRerank.Rescoring;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>One reranking stage as the user asked for it.</summary>
/// <param name="Kind">A method name (<see cref="RerankMethods.Parse"/>), or null: as <see cref="Rerankers.Open"/> decides (the manifest's or the directory's kind).</param>
/// <param name="ModelPath">The model directory.</param>
/// <param name="Manifest">A manifest file or name (<c>--manifest</c>), or null.</param>
/// <param name="Window">How many hits of the previous stage (BM25 for the first) this stage reranks.</param>
/// <param name="Fusion">How this stage's scores merge with the previous stage's.</param>
internal sealed record RerankerSpec(string? Kind, string ModelPath, string? Manifest, int Window, ScoreFusion Fusion)
{
    /// <summary>For a ColBERT stage, where document embeddings come from (<c>--late-interaction</c>); null: query-time.</summary>
    public LateInteractionMode? LateInteraction { get; init; }

    /// <summary>The index searched, for readers of what it stores (<see cref="LateInteractionMode.Stored"/>).</summary>
    public string? IndexPath { get; init; }

    /// <summary>Opens the stage's reranker with <see cref="Rerankers.Open"/> on <paramref name="runtime"/>'s provider.</summary>
    /// <exception cref="DirectoryNotFoundException"><see cref="ModelPath"/> is not a directory.</exception>
    public OpenedReranker Open(OnnxRuntimeOptions runtime)
    {
        var directory = Path.GetFullPath(ModelPath);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model directory not found: {directory}");
        }

        if (LateInteraction == LateInteractionMode.Stored)
        {
            return StoredLateInteraction.Open(this, IndexPath ?? throw new InvalidOperationException("--late-interaction stored needs the index path"), runtime);
        }

        return Rerankers.Open(directory, new RerankerOpenOptions
        {
            OnnxRuntime = runtime,
            Method = Kind is null ? RerankMethod.Auto : RerankMethods.Parse(Kind),
            Manifest = Manifest,
        });
    }
}

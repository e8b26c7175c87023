using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
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
    /// <summary>How a cross-encoder stage reads long passages (<c>--chunking</c>, <c>--chunk-size</c>, <c>--chunk-stride</c>).</summary>
    public LuceneRerank.Reranking.PassageChunking Chunking { get; init; } = LuceneRerank.Reranking.PassageChunking.None;

    /// <summary>The kind of a stage scored by a rerank server.</summary>
    public const string HttpKind = "http";

    /// <summary>For an <see cref="HttpKind"/> stage: the server (then <see cref="ModelPath"/> is its endpoint).</summary>
    public RemoteStage? Remote { get; init; }

    /// <summary>Opens the stage's reranker: an <see cref="LuceneRerank.Remote.HttpReranker"/> for a remote stage, else <see cref="Open"/>.</summary>
    public IReranker OpenStage(OnnxRuntimeOptions runtime) => Remote is { } remote ? remote.Open() : Open(runtime);
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
            Chunking = Chunking,
        });
    }
}

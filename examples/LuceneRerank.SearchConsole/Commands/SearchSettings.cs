using LuceneRerank.Onnx;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Reranking;
using LuceneRerank.Toolkit.Evaluation;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// The parsed options of <c>lrr-search</c>. Init-only properties with defaults, so that new options (the reranking
/// stage's) can be added without touching every place that builds settings.
/// </summary>
internal sealed record SearchSettings
{
    public required string IndexPath { get; init; }

    public string? QueriesPath { get; init; }

    public string? RunOutPath { get; init; }

    public string? QrelsPath { get; init; }

    public Bm25Parameters Bm25 { get; init; } = Bm25Parameters.Default;

    public SearchFields Fields { get; init; } = SearchFields.Contents;

    public int Hits { get; init; } = 1000;

    public string Tag { get; init; } = "lrr-bm25";

    public string Metrics { get; init; } = string.Join(',', Metric.Defaults.Select(m => m.Name));

    public int RelevanceThreshold { get; init; } = 1;

    public bool AllQueries { get; init; }

    public bool PerQuery { get; init; }

    /// <summary>The reranking stages, first to last; empty for BM25 only.</summary>
    public IReadOnlyList<RerankerSpec> Stages { get; init; } = Array.Empty<RerankerSpec>();

    /// <summary>Where ONNX Runtime runs the rerankers (<c>--provider</c>, <c>--device-id</c>, <c>--cuda-ep-path</c>).</summary>
    public OnnxRuntimeOptions Runtime { get; init; } = new();

    /// <summary>How many BM25 hits the first model reranks (<c>--window</c>).</summary>
    public int Window { get; init; } = NeuralRescorerOptions.DefaultWindow;

    /// <summary>Print the reasoning of reasoning rerankers under each hit (<c>--show-reasoning</c>, interactive mode).</summary>
    public bool ShowReasoning { get; init; }

    /// <summary>How BM25 and the first model's scores merge (<c>--fusion</c>).</summary>
    public ScoreFusion Fusion { get; init; } = ScoreFusion.Replace;
}

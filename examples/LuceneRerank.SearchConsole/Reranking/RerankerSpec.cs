using LuceneRerank.Rescoring;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>One reranking stage as the user asked for it.</summary>
/// <param name="Kind">A console kind (<see cref="RerankerKinds"/>), or null: the model directory's <c>lrr-model.json</c> kind, else cross-encoder.</param>
/// <param name="ModelPath">The model directory.</param>
/// <param name="Manifest">A manifest file or name (<c>--manifest</c>), or null.</param>
/// <param name="Window">How many hits of the previous stage (BM25 for the first) this stage reranks.</param>
/// <param name="Fusion">How this stage's scores merge with the previous stage's.</param>
internal sealed record RerankerSpec(string? Kind, string ModelPath, string? Manifest, int Window, ScoreFusion Fusion);

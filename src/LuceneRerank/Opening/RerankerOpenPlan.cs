using LuceneRerank.Models;

namespace LuceneRerank;

/// <summary>What <see cref="Rerankers.Open"/> resolved its argument to, before any model is loaded.</summary>
/// <param name="ModelDirectory">The folder of the model's files (full path).</param>
/// <param name="Method">The reranking method (never <see cref="RerankMethod.Auto"/>).</param>
/// <param name="Manifest">The manifest read (null only for a cross-encoder opened without one).</param>
internal sealed record RerankerOpenPlan(string ModelDirectory, RerankMethod Method, ModelManifest? Manifest);

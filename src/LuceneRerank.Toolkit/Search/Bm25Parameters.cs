namespace LuceneRerank.Toolkit.Search;

/// <summary>BM25 parameters.</summary>
/// <param name="K1">Term-frequency saturation (default 0.9, as Pyserini/Anserini).</param>
/// <param name="B">Length normalisation (default 0.4, as Pyserini/Anserini).</param>
public sealed record Bm25Parameters(float K1 = 0.9f, float B = 0.4f)
{
    /// <summary>k1 = 0.9, b = 0.4: the Pyserini/Anserini defaults.</summary>
    public static Bm25Parameters Default { get; } = new();
}

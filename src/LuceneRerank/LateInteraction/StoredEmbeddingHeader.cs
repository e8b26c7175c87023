namespace LuceneRerank.LateInteraction;

/// <summary>What the header of one stored token-embedding value says.</summary>
/// <param name="Version">The layout version (<see cref="StoredEmbeddingCodec.Version"/>).</param>
/// <param name="Encoding">How the components are stored.</param>
/// <param name="Count">Token rows.</param>
/// <param name="Dimension">Components per row.</param>
public readonly record struct StoredEmbeddingHeader(int Version, EmbeddingEncoding Encoding, int Count, int Dimension)
{
    /// <summary>The number of floats the value decodes to: <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public int Length => Count * Dimension;
}

namespace LuceneRerank.LateInteraction;

/// <summary>How token embeddings are stored in an index (see <see cref="StoredEmbeddingCodec"/>).</summary>
public enum EmbeddingEncoding
{
    /// <summary>32-bit floats, 4 bytes per component: exact.</summary>
    Float32 = 1,

    /// <summary>
    /// IEEE half floats, 2 bytes per component. Each component is rounded to 11 significant bits: its error is at most
    /// 2^-11 of its magnitude (plus 2^-25 for values below half's normal range).
    /// </summary>
    Float16 = 2,

    /// <summary>
    /// Signed bytes with one float32 scale per row (token), 1 byte per component plus 4 per row. A row is stored as
    /// <c>round(x / s)</c> with <c>s = max|x| / 127</c>, so each component's error is at most <c>s / 2</c>.
    /// </summary>
    Int8 = 3,
}

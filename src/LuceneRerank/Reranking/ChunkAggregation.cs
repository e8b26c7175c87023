namespace LuceneRerank.Reranking;

/// <summary>
/// How a cross-encoder turns the scores of a long passage's token chunks into the passage's one score (see
/// <see cref="PassageChunking"/>).
/// </summary>
public enum ChunkAggregation
{
    /// <summary>
    /// Only the first chunk is scored: the passage is cut after its first <see cref="PassageChunking.ChunkSize"/> tokens
    /// (by default all the room beside the query, which is the cross-encoder's truncation without chunking). The default.
    /// </summary>
    First,

    /// <summary>The best chunk's score (MaxP): a passage is as relevant as its most relevant part.</summary>
    Max,

    /// <summary>
    /// The mean of the <see cref="PassageChunking.TopK"/> best chunk scores (of all chunks when the passage has fewer):
    /// between <see cref="Max"/> and an average over the whole passage, less swayed by one lucky chunk.
    /// </summary>
    MeanOfTopK,
}

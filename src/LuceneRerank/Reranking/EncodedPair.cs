namespace LuceneRerank.Reranking;

/// <summary>
/// One tokenized (query, passage or passage chunk) pair of a cross-encoder, without special tokens, and its full length in tokens
/// (special tokens included): what <see cref="CrossEncoderReranker.ScoreEncoded"/> batches.
/// </summary>
internal readonly record struct EncodedPair(int[] QueryIds, ReadOnlyMemory<int> PassageIds, int Length);

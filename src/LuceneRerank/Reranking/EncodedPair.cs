namespace LuceneRerank.Reranking;

/// <summary>
/// One tokenized (query, passage) pair of a cross-encoder, without special tokens, and its full length in tokens
/// (special tokens included): what <see cref="CrossEncoderReranker.ScoreEncoded"/> batches.
/// </summary>
internal readonly record struct EncodedPair(int[] QueryIds, int[] PassageIds, int Length);

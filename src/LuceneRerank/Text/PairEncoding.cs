namespace LuceneRerank.Text;

/// <summary>One model input: <c>[CLS] query [SEP] passage [SEP]</c> and its token types (0 for the query part, 1 after).</summary>
/// <param name="InputIds">Token ids, special tokens included, no padding.</param>
/// <param name="TokenTypeIds">Segment ids, same length as <paramref name="InputIds"/>.</param>
/// <param name="QueryTruncated">Whether the query itself had to be cut.</param>
public sealed record PairEncoding(int[] InputIds, int[] TokenTypeIds, bool QueryTruncated);

namespace LuceneRerank.Text;

/// <summary>
/// One model input: <c>[CLS] query [SEP] passage [SEP]</c> (BERT) or <c>&lt;s&gt; query &lt;/s&gt;&lt;/s&gt; passage &lt;/s&gt;</c>
/// (XLM-RoBERTa), and its token types (BERT: 0 for the query part, 1 after; XLM-RoBERTa: all 0).
/// </summary>
/// <param name="InputIds">Token ids, special tokens included, no padding.</param>
/// <param name="TokenTypeIds">Segment ids, same length as <paramref name="InputIds"/>.</param>
/// <param name="QueryTruncated">Whether the query itself had to be cut.</param>
internal sealed record PairEncoding(int[] InputIds, int[] TokenTypeIds, bool QueryTruncated);

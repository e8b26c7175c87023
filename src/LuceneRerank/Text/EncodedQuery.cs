namespace LuceneRerank.Text;

/// <summary>A query's token ids (no special tokens), cut to what the pair encoder allows a query.</summary>
/// <param name="Ids">The ids kept.</param>
/// <param name="IsTruncated">Whether the query had more tokens than a query may take and was cut.</param>
internal sealed record EncodedQuery(int[] Ids, bool IsTruncated);

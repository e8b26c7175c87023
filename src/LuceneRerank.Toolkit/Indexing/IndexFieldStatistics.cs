namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Statistics of one field of an index.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Indexed">Whether the field is indexed (searchable).</param>
/// <param name="UniqueTerms">Distinct terms in the field (0 when not indexed).</param>
/// <param name="DocumentsWithField">Documents that have at least one term in the field.</param>
/// <param name="TotalTermOccurrences">Sum of all term frequencies (tokens indexed), or -1 when the codec does not keep it.</param>
public sealed record IndexFieldStatistics(
    string Name, bool Indexed, long UniqueTerms, long DocumentsWithField, long TotalTermOccurrences);

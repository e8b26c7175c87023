namespace LuceneRerank.Rescoring;

/// <summary>
/// A document to rerank has none of the stored fields the <see cref="PassageTextSource"/> reads, and
/// <see cref="PassageTextSource.MissingFields"/> is <see cref="MissingFieldsPolicy.Throw"/>.
/// </summary>
public sealed class MissingStoredFieldsException : Exception
{
    /// <summary>Creates the exception for a document and the fields it lacks.</summary>
    public MissingStoredFieldsException(int docId, IReadOnlyList<string> fields)
        : base($"Document {docId} has none of the stored fields [{string.Join(", ", fields)}] to build its passage from; " +
               "index these fields with Field.Store.YES, or set PassageTextSource.MissingFields to EmptyPassage.")
    {
        DocId = docId;
        Fields = fields;
    }

    /// <summary>The Lucene document id.</summary>
    public int DocId { get; }

    /// <summary>The stored fields that were looked for.</summary>
    public IReadOnlyList<string> Fields { get; }
}

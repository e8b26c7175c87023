namespace LuceneRerank.Rescoring;

/// <summary>What <see cref="PassageTextSource"/> does with a document that has none of the configured stored fields.</summary>
public enum MissingFieldsPolicy
{
    /// <summary>The document's passage is the empty string; the reranker still scores it (typically low).</summary>
    EmptyPassage,

    /// <summary>
    /// A <see cref="MissingStoredFieldsException"/> names the document and the fields. It reaches the caller whatever
    /// the <see cref="FailurePolicy"/>, because it is a mismatch between the index and the configuration, not a model failure.
    /// </summary>
    Throw,
}

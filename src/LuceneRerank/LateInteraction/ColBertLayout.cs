namespace LuceneRerank.LateInteraction;

/// <summary>Which published file layout a ColBERT model directory follows (it decides which config file is read).</summary>
public enum ColBertLayout
{
    /// <summary>
    /// Stanford ColBERT (for example <c>colbert-ir/colbertv2.0</c>): settings in <c>artifact.metadata</c>
    /// (<c>query_token_id</c>, <c>doc_token_id</c>, <c>query_maxlen</c>, <c>doc_maxlen</c>, <c>mask_punctuation</c>,
    /// <c>attend_to_mask_tokens</c>, <c>dim</c>), with an ONNX export of BERT and its linear projection.
    /// </summary>
    ColBertV2,

    /// <summary>
    /// PyLate / Sentence Transformers (for example <c>answerdotai/answerai-colbert-small-v1</c>): settings in
    /// <c>config_sentence_transformers.json</c> (<c>query_prefix</c>, <c>document_prefix</c>, <c>query_length</c>,
    /// <c>document_length</c>, <c>do_query_expansion</c>, <c>attend_to_expansion_tokens</c>, <c>skiplist_words</c>),
    /// with <c>onnx/model.onnx</c> giving the projected token vectors.
    /// </summary>
    PyLate,
}

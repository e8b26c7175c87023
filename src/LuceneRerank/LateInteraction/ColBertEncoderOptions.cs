using LuceneRerank.Onnx;

namespace LuceneRerank.LateInteraction;

/// <summary>How a <see cref="ColBertEncoder"/> is opened. Lengths left null are read from the model's config files.</summary>
public sealed record ColBertEncoderOptions
{
    /// <summary>How the ONNX Runtime session is created. Default CPU.</summary>
    public OnnxRuntimeOptions OnnxRuntime { get; init; } = new();

    /// <summary>
    /// Query length in tokens, markers included, to which queries are cut and (with query augmentation) padded with
    /// <c>[MASK]</c>; null reads <c>query_maxlen</c> (ColBERT) or <c>query_length</c> (PyLate). At least 4.
    /// </summary>
    public int? QueryLength { get; init; }

    /// <summary>
    /// Document length in tokens, markers included, to which documents are cut; null reads <c>doc_maxlen</c> (ColBERT)
    /// or <c>document_length</c> (PyLate). At least 4.
    /// </summary>
    public int? DocumentLength { get; init; }

    /// <summary>
    /// Which config file to read when a directory has both <c>artifact.metadata</c> and
    /// <c>config_sentence_transformers.json</c>; null reads both, requires them to agree, and uses PyLate's. Default null.
    /// </summary>
    public ColBertLayout? Layout { get; init; }

    /// <summary>Padded tokens per ONNX Runtime call when encoding documents; null uses the session's token budget.</summary>
    public int? MaxTokensPerBatch { get; init; }
}

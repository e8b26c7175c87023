using LuceneRerank.Reranking;

namespace LuceneRerank.Remote;

/// <summary>
/// How an <see cref="HttpReranker"/> speaking <see cref="RerankProtocol.KServe"/> tokenises pairs and reads the model's
/// tensors. Tokenisation and truncation are the in-process <c>CrossEncoderReranker</c>'s, from the same tokenizer files,
/// so a model served by Triton scores a pair as the same model would in process. Immutable.
/// </summary>
public sealed class KServeOptions
{
    /// <summary>
    /// A folder with the served model's tokenizer, as downloaded from Hugging Face: <c>vocab.txt</c> or
    /// <c>tokenizer.json</c> (BERT WordPiece, or XLM-RoBERTa Unigram), or <c>sentencepiece.bpe.model</c>, with
    /// <c>tokenizer_config.json</c> and <c>config.json</c> when present (they give the maximum length). The ONNX model
    /// need not be there. Required.
    /// </summary>
    public required string TokenizerDirectory { get; init; }

    /// <summary>
    /// Passage tokens a long query may not take away (see the in-process <c>CrossEncoderRerankerOptions.MinPassageTokens</c>).
    /// Default 32, as in process. The maximum pair length is <see cref="HttpRerankerOptions.MaxLength"/> when set, else
    /// the tokenizer's <c>model_max_length</c> within the model's position embeddings, else 512.
    /// </summary>
    public int MinPassageTokens { get; init; } = 32;

    /// <summary>For one-label models: whether the score is the sigmoid of the logit rather than the raw logit. Default false, as in process.</summary>
    public bool ApplySigmoid { get; init; }

    /// <summary>For two-label models: what the score is. Default <see cref="TwoLabelScore.PositiveProbability"/>, as in process.</summary>
    public TwoLabelScore TwoLabelScore { get; init; } = TwoLabelScore.PositiveProbability;

    /// <summary>For two-label models: the index of the relevant label, 0 or 1. Default 1, as in process.</summary>
    public int PositiveLabel { get; init; } = 1;

    /// <summary>
    /// Whether tensors travel in Triton's binary tensor data extension (JSON header, then little-endian bytes; the
    /// <c>Inference-Header-Content-Length</c> header gives the JSON's length), which is smaller and faster than JSON
    /// number arrays. Default false: plain JSON, which every KServe v2 server reads.
    /// </summary>
    public bool BinaryTensors { get; init; }

    /// <summary>
    /// Whether the model's metadata (<c>GET {endpoint}/v2/models/{model}</c>) is read once, before the first inference,
    /// to learn whether the model takes <see cref="TokenTypeIdsName"/> and the name of its logits output (<c>logits</c>,
    /// or its only output). Default true. When false, token types are sent when the tokenizer has them (BERT) and the
    /// output is <see cref="OutputName"/>.
    /// </summary>
    public bool ReadModelMetadata { get; init; } = true;

    /// <summary>The token-id input's name. Default <c>input_ids</c>.</summary>
    public string InputIdsName { get; init; } = "input_ids";

    /// <summary>The attention-mask input's name. Default <c>attention_mask</c>.</summary>
    public string AttentionMaskName { get; init; } = "attention_mask";

    /// <summary>The token-type input's name. Default <c>token_type_ids</c>.</summary>
    public string TokenTypeIdsName { get; init; } = "token_type_ids";

    /// <summary>The logits output's name when <see cref="ReadModelMetadata"/> is false. Default <c>logits</c>.</summary>
    public string OutputName { get; init; } = "logits";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(TokenizerDirectory))
        {
            throw new ArgumentException("KServeOptions.TokenizerDirectory is required: the folder of the served model's tokenizer.", nameof(TokenizerDirectory));
        }

        if (MinPassageTokens < 0)
        {
            throw new ArgumentException($"KServeOptions.MinPassageTokens must not be negative, not {MinPassageTokens}.", nameof(MinPassageTokens));
        }

        if (PositiveLabel is not (0 or 1))
        {
            throw new ArgumentException($"KServeOptions.PositiveLabel must be 0 or 1, not {PositiveLabel}.", nameof(PositiveLabel));
        }

        if (!Enum.IsDefined(TwoLabelScore))
        {
            throw new ArgumentException($"KServeOptions.TwoLabelScore {(int)TwoLabelScore} is not a TwoLabelScore.", nameof(TwoLabelScore));
        }

        foreach (var (value, name) in new[] { (InputIdsName, nameof(InputIdsName)), (AttentionMaskName, nameof(AttentionMaskName)),
                     (TokenTypeIdsName, nameof(TokenTypeIdsName)), (OutputName, nameof(OutputName)) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"KServeOptions.{name} must not be empty.", name);
            }
        }
    }
}

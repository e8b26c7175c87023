namespace LuceneRerank.Reranking.T5;

/// <summary>
/// Where a T5 model's files are, relative to the model directory. The defaults are the names optimum's
/// <c>optimum-cli export onnx --task text2text-generation</c> writes, and the tokenizer file of T5 checkpoints.
/// </summary>
public sealed record T5ModelFiles
{
    /// <summary>The encoder: inputs <c>input_ids</c>, <c>attention_mask</c>; output <c>last_hidden_state</c>.</summary>
    public string Encoder { get; init; } = "encoder_model.onnx";

    /// <summary>
    /// The decoder without past key/values: inputs <c>input_ids</c>, <c>encoder_hidden_states</c> and (optionally)
    /// <c>encoder_attention_mask</c>; output <c>logits</c>.
    /// </summary>
    public string Decoder { get; init; } = "decoder_model.onnx";

    /// <summary>The SentencePiece model.</summary>
    public string Tokenizer { get; init; } = "spiece.model";
}

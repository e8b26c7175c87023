namespace LuceneRerank.Remote;

/// <summary>The tensor names one KServe model is called with.</summary>
/// <param name="InputIds">The token-id input.</param>
/// <param name="AttentionMask">The attention-mask input.</param>
/// <param name="TokenTypeIds">The token-type input, or <see langword="null"/> when the model takes none.</param>
/// <param name="Output">The logits output.</param>
internal sealed record KServeSignature(string InputIds, string AttentionMask, string? TokenTypeIds, string Output)
{
    /// <summary>The signature when the server's metadata is not read: token types when the tokenizer has them.</summary>
    public static KServeSignature FromOptions(KServeOptions options, bool tokenTypes) =>
        new(options.InputIdsName, options.AttentionMaskName, tokenTypes ? options.TokenTypeIdsName : null, options.OutputName);
}

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// Generates text continuations of rendered prompts (the chat template is already applied by the caller).
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public interface ITextGenerator
{
    /// <summary>
    /// The number of tokens <paramref name="text"/> tokenizes to (no special tokens added beyond what the text
    /// contains).
    /// </summary>
    /// <param name="text">The text to count.</param>
    int CountTokens(string text);

    /// <summary>
    /// The token ids of <paramref name="text"/> with the generator's tokenizer, e.g. to find the ids of score labels
    /// "0".."9" or "[1]".
    /// </summary>
    /// <param name="text">The text to tokenize.</param>
    IReadOnlyList<int> Tokenize(string text);

    /// <summary>The text of <paramref name="tokenIds"/>.</summary>
    /// <param name="tokenIds">Token ids of the generator's vocabulary.</param>
    string Decode(IReadOnlyList<int> tokenIds);

    /// <summary>
    /// Generates one continuation per prompt (batched internally), in the order of <paramref name="prompts"/>.
    /// </summary>
    /// <param name="prompts">Rendered prompts.</param>
    /// <param name="options">Decoding, stopping and streaming options.</param>
    /// <param name="cancellationToken">Checked between decoding steps.</param>
    /// <returns>One <see cref="GeneratedText"/> per prompt.</returns>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled (checked between steps). An exhausted
    /// <see cref="GenerationOptions.TimeBudget"/> does not throw: generation ends early with
    /// <see cref="GenerationStopReason.TimeBudget"/> and the partial text.
    /// </exception>
    Task<IReadOnlyList<GeneratedText>> GenerateAsync(IReadOnlyList<string> prompts, GenerationOptions options,
        CancellationToken cancellationToken = default);
}

namespace LuceneRerank.Reranking.Generative;

/// <summary>
/// A generative model seen as "prompt in, logits of a few label tokens at the first output position out": the
/// next-token logits after the prompt for a decoder-only LLM, the first decoder step for a T5 encoder-decoder. The
/// listwise (FIRST) and pairwise (PRP) rerankers run on any model behind this interface.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public interface IPromptLabelModel
{
    /// <summary>The model's name.</summary>
    string Name { get; }

    /// <summary>The longest prompt in tokens, as <see cref="Encode"/> counts them.</summary>
    int MaxLength { get; }

    /// <summary>The execution provider in use, for example <c>CPU</c>.</summary>
    string ExecutionProvider { get; }

    /// <summary>A sentence on what a batch costs in memory, for <see cref="RerankerDescription.Notes"/>.</summary>
    string MemoryNote { get; }

    /// <summary>The id of <paramref name="label"/> when it is exactly one token of the model's tokenizer, else <see langword="null"/>.</summary>
    int? SingleTokenId(string label);

    /// <summary>The model input ids of a whole prompt (a T5 model appends its end-of-sentence token).</summary>
    int[] Encode(string prompt);

    /// <summary>The longest prefix of <paramref name="text"/> of at most <paramref name="maxTokens"/> tokens.</summary>
    string TruncateToTokens(string text, int maxTokens);

    /// <summary>
    /// Runs each prompt once and returns, per prompt, the logits of <paramref name="labelIds"/> (in that order) at the
    /// first output position. Adds its work to <paramref name="statistics"/>.
    /// </summary>
    float[][] LabelLogits(IReadOnlyList<int[]> prompts, IReadOnlyList<int> labelIds, RerankStatistics statistics, CancellationToken cancellationToken);
}

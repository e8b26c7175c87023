namespace LuceneRerank.Reranking.Generation;

/// <summary>One prompt's continuation.</summary>
/// <param name="Text">
/// The generated text, excluding the prompt; when a stop string matched, it ends before the stop string. Stop and
/// end-of-sequence tokens are not part of it.
/// </param>
/// <param name="TokenIds">
/// The generated token ids, including a final stop or end-of-sequence token when one ended generation.
/// </param>
/// <param name="PromptTokens">The number of tokens of the prompt.</param>
/// <param name="StopReason">Why generation ended.</param>
/// <param name="TrackedLogProbabilities">
/// One entry per generated token: the log-softmax over the full vocabulary at that step, for each of
/// <see cref="GenerationOptions.TrackedTokenIds"/> (empty dictionaries when none are tracked).
/// </param>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record GeneratedText(
    string Text,
    IReadOnlyList<int> TokenIds,
    int PromptTokens,
    GenerationStopReason StopReason,
    IReadOnlyList<IReadOnlyDictionary<int, float>> TrackedLogProbabilities);

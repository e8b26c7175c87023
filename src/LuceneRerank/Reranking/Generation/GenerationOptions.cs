namespace LuceneRerank.Reranking.Generation;

/// <summary>Decoding, stopping and streaming options of one <see cref="ITextGenerator.GenerateAsync"/> call.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class GenerationOptions
{
    /// <summary>The most tokens generated per prompt (default 256), stop tokens included.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>
    /// The sampling temperature: 0 (the default) decodes greedily (the highest logit, the lowest id on ties); above 0
    /// samples from softmax(logits / temperature), restricted by <see cref="TopP"/>.
    /// </summary>
    public float Temperature { get; init; }

    /// <summary>
    /// Nucleus sampling: only the most probable tokens whose cumulative probability reaches this value are sampled
    /// (default 1, all tokens). Ignored when decoding greedily.
    /// </summary>
    public float TopP { get; init; } = 1f;

    /// <summary>The sampling seed: sampling is reproducible for a seed. Null draws a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Strings that end a continuation, matched on the decoded text (also across token boundaries); the returned text
    /// ends before the first match.
    /// </summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Token ids that end a continuation, in addition to the model's end-of-sequence ids.</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Token ids whose log-probabilities are recorded at every step (<see cref="GeneratedText.TrackedLogProbabilities"/>).</summary>
    public IReadOnlyList<int> TrackedTokenIds { get; init; } = [];

    /// <summary>Called for every generated token, in generation order (streaming).</summary>
    public Action<GenerationStep>? OnToken { get; init; }

    /// <summary>
    /// The wall-clock time one call may take; checked between steps. When it runs out, every unfinished continuation
    /// ends with <see cref="GenerationStopReason.TimeBudget"/> and its partial text. Null is unlimited.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }
}

using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Reasoning;

/// <summary>
/// The prompt and answer format of a reasoning reranker (setwise, reasoning listwise, reasoning pointwise), read from
/// a model manifest: <see cref="Prefix"/>, one <see cref="Entry"/> per passage (setwise, listwise) or the body with the
/// document (pointwise), <see cref="Suffix"/> (ending where the model starts writing); the model then reasons and
/// answers in the <see cref="AnswerFormat"/>. The text is rendered as is: the manifest writes the model's chat
/// template into prefix and suffix, as the other LLM manifests do.
/// </summary>
/// <remarks>
/// <para>Placeholders. Setwise and listwise: <c>{query}</c> and <c>{count}</c> in prefix and suffix; <c>{label}</c>
/// (the 1-based identifier) and <c>{passage}</c> in the entry, both required. Pointwise: <c>{query}</c> and
/// <c>{instruction}</c> anywhere, <c>{document}</c> in the entry, required. Only passages are truncated.</para>
/// <para>Manifest prompt keys: <c>template</c> (the entry, required), <c>prefix</c>, <c>suffix</c>, <c>thinkStart</c>,
/// <c>thinkEnd</c>, <c>answerStart</c>, <c>answerEnd</c>, <c>maxPassageTokens</c>, <c>maxNewTokens</c>; setwise also
/// <c>setSize</c>; pointwise also <c>instruction</c>, <c>minScore</c>, <c>maxScore</c>, <c>expectedScore</c>,
/// <c>fallbackScore</c>. Any other key is an error.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ReasoningPromptTemplate
{
    /// <summary>Fixed text before the passages (system prompt, instructions). Never truncated.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>One passage entry (setwise, listwise: <c>[{label}] {passage}\n</c>) or the body with <c>{document}</c> (pointwise).</summary>
    public required string Entry { get; init; }

    /// <summary>Fixed text after the passages, ending where the model starts writing. Never truncated.</summary>
    public string Suffix { get; init; } = "";

    /// <summary>The value of <c>{instruction}</c> (pointwise). Default empty.</summary>
    public string Instruction { get; init; } = "";

    /// <summary>How the output splits into reasoning and answer.</summary>
    public ReasoningAnswerFormat AnswerFormat { get; init; } = new();

    /// <summary>Most tokens of one passage in the prompt. Default 200.</summary>
    public int MaxPassageTokens { get; init; } = 200;

    /// <summary>Most tokens the model may write (reasoning and answer). Default 1024.</summary>
    public int MaxNewTokens { get; init; } = 1024;

    /// <summary>Most tokens of prompt plus generation (the manifest's <c>maxLength</c>).</summary>
    public int MaxLength { get; init; } = 8192;

    /// <summary>Setwise: candidates per prompt (the heap's arity is one less). Default 4.</summary>
    public int SetSize { get; init; } = 4;

    /// <summary>Pointwise: the lowest score of the scale. Default 0.</summary>
    public int MinScore { get; init; }

    /// <summary>Pointwise: the highest score of the scale. Default 10.</summary>
    public int MaxScore { get; init; } = 10;

    /// <summary>
    /// Pointwise: score by the expected value of the scale under the probabilities of the score labels at the answer
    /// position (ties break by confidence); each score's text must then be one token. Default false: the integer written.
    /// </summary>
    public bool ExpectedScore { get; init; }

    /// <summary>Pointwise: the score of a passage without a usable answer; null: <see cref="MinScore"/> − 1, below every answer.</summary>
    public float? FallbackScore { get; init; }

    /// <summary>Reads the prompt of a manifest of kind <c>llm-setwise</c>, <c>llm-reasoning-listwise</c> or <c>llm-reasoning-pointwise</c>.</summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, no template, an unknown key or a value of the wrong type.</exception>
    public static ReasoningPromptTemplate FromManifest(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string[] common = ["template", "prefix", "suffix", "thinkStart", "thinkEnd", "answerStart", "answerEnd", "maxPassageTokens", "maxNewTokens"];
        string[] extra = manifest.Kind switch
        {
            ModelKinds.LlmSetwise => ["setSize"],
            ModelKinds.LlmReasoningPointwise => ["instruction", "minScore", "maxScore", "expectedScore", "fallbackScore"],
            _ => [],
        };
        var prompt = ModelPromptReader.Open(
            manifest, [ModelKinds.LlmSetwise, ModelKinds.LlmReasoningListwise, ModelKinds.LlmReasoningPointwise], [.. common, .. extra]);
        var defaults = new ReasoningPromptTemplate { Entry = "" };
        var format = new ReasoningAnswerFormat();
        var fallback = prompt.OptionalString("fallbackScore") is { } text
            ? float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
                ? value
                : throw prompt.Error($"\"fallbackScore\" must be a finite number written as a string, not \"{text}\"")
            : (float?)null;
        return new ReasoningPromptTemplate
        {
            Prefix = prompt.String("prefix", ""),
            Entry = prompt.Template,
            Suffix = prompt.Suffix(),
            Instruction = prompt.String("instruction", ""),
            AnswerFormat = new ReasoningAnswerFormat
            {
                ThinkStart = prompt.String("thinkStart", format.ThinkStart),
                ThinkEnd = prompt.String("thinkEnd", format.ThinkEnd),
                AnswerStart = prompt.String("answerStart", format.AnswerStart),
                AnswerEnd = prompt.String("answerEnd", format.AnswerEnd),
            },
            MaxPassageTokens = prompt.Int("maxPassageTokens", defaults.MaxPassageTokens),
            MaxNewTokens = prompt.Int("maxNewTokens", defaults.MaxNewTokens),
            MaxLength = manifest.MaxLength,
            SetSize = prompt.Int("setSize", defaults.SetSize),
            MinScore = prompt.Int("minScore", defaults.MinScore),
            MaxScore = prompt.Int("maxScore", defaults.MaxScore),
            ExpectedScore = prompt.Bool("expectedScore", defaults.ExpectedScore),
            FallbackScore = fallback,
        };
    }
}

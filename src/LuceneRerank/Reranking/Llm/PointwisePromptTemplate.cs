using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// The prompt of a pointwise yes/no reranker (Qwen3-Reranker, RankLLaMA and monoT5 style): the model reads
/// <see cref="Prefix"/> + <see cref="Body"/> + <see cref="Suffix"/> and its next-token logits for
/// <see cref="YesToken"/> and <see cref="NoToken"/> give the score.
/// </summary>
public sealed record PointwisePromptTemplate
{
    /// <summary>Fixed text before the body (for chat models the system turn and the user turn's start). Never truncated.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>
    /// The body with placeholders <c>{document}</c> (required, once), <c>{query}</c>, <c>{instruction}</c>.
    /// Only the document is ever truncated.
    /// </summary>
    public required string Body { get; init; }

    /// <summary>
    /// The body used when first-stage scores are given (InsertRank, <see cref="ICandidateReranker"/>): as
    /// <see cref="Body"/> plus <c>{first_stage_score}</c>. <c>null</c>: this prompt has no InsertRank variant.
    /// </summary>
    public string? InsertRankBody { get; init; }

    /// <summary>Fixed text after the body, up to where the answer token goes (for Qwen3: the assistant turn with an empty think block). Never truncated.</summary>
    public string Suffix { get; init; } = "";

    /// <summary>The task instruction filling <c>{instruction}</c>.</summary>
    public string Instruction { get; init; } = "";

    /// <summary>The answer text meaning relevant; must be a single token of the model's tokenizer.</summary>
    public string YesToken { get; init; } = "yes";

    /// <summary>The answer text meaning not relevant; must be a single token of the model's tokenizer.</summary>
    public string NoToken { get; init; } = "no";

    /// <summary>.NET format of the first-stage score in <c>{first_stage_score}</c> (invariant culture). Default <c>0.00</c>.</summary>
    public string FirstStageScoreFormat { get; init; } = "0.00";

    /// <summary>
    /// The pointwise prompt of an <c>llm-pointwise</c> model manifest. Prompt keys: <c>template</c> (the body,
    /// required), <c>prefix</c>, <c>suffix</c>, <c>insertRankTemplate</c>, <c>instruction</c>, <c>labels.yes</c> and
    /// <c>labels.no</c> (default "yes"/"no"), <c>firstStageScoreFormat</c>; any other key is an error.
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, a missing template, an unknown key or label role; the message names the model and the key.</exception>
    public static PointwisePromptTemplate FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(
            manifest,
            [ModelKinds.LlmPointwise],
            ["template", "prefix", "suffix", "insertRankTemplate", "instruction", "labels", "firstStageScoreFormat"]);
        prompt.OnlyLabels("yes", "no");
        return new PointwisePromptTemplate
        {
            Prefix = prompt.String("prefix", ""),
            Body = prompt.Template,
            InsertRankBody = prompt.OptionalString("insertRankTemplate"),
            Suffix = prompt.Suffix(),
            Instruction = prompt.String("instruction", ""),
            YesToken = prompt.Label("yes", "yes"),
            NoToken = prompt.Label("no", "no"),
            FirstStageScoreFormat = prompt.String("firstStageScoreFormat", "0.00"),
        };
    }
}

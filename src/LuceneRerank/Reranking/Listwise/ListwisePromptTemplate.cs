using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Listwise;

/// <summary>
/// The prompt of a listwise single-token reranker (FIRST): <see cref="Prefix"/>, then one <see cref="Passage"/> entry
/// per passage of the window, each introduced by its label, then <see cref="Suffix"/>, after which the model's first
/// output token is read: the logits of the window's labels rank its passages.
/// </summary>
/// <remarks>
/// Placeholders: <c>{query}</c> and <c>{count}</c> (passages in the window) in the prefix and suffix; <c>{label}</c>
/// and <c>{passage}</c> (both required) in the passage entry, plus <c>{first_stage_score}</c> in
/// <see cref="InsertRankPassage"/>. Only passages are truncated.
/// </remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ListwisePromptTemplate
{
    /// <summary>Fixed text before the passages (instructions, the query). Never truncated.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>One passage entry, for example <c>[{label}] {passage}\n</c>.</summary>
    public required string Passage { get; init; }

    /// <summary>
    /// The passage entry when first-stage scores are given (InsertRank), with <c>{first_stage_score}</c>;
    /// <see langword="null"/>: no InsertRank variant.
    /// </summary>
    public string? InsertRankPassage { get; init; }

    /// <summary>Fixed text after the passages, ending where the first label is generated. Never truncated.</summary>
    public string Suffix { get; init; } = "";

    /// <summary>
    /// The labels, in window order; each must be one token of the model's tokenizer (as the model emits it, which is
    /// how it is checked) and distinct. At least as many as the window. Default <c>A</c> … <c>T</c>.
    /// </summary>
    public IReadOnlyList<string> Labels { get; init; } = [.. Enumerable.Range(0, 20).Select(i => ((char)('A' + i)).ToString())];

    /// <summary>Most tokens of one passage in the prompt (FIRST and RankGPT use about 100). Default 100.</summary>
    public int MaxPassageTokens { get; init; } = 100;

    /// <summary>.NET format of <c>{first_stage_score}</c> (invariant culture). Default <c>0.00</c>.</summary>
    public string FirstStageScoreFormat { get; init; } = "0.00";

    /// <summary>
    /// Most tokens of one prompt (the manifest's <c>maxLength</c>); the reranker uses the smaller of this and the
    /// model's <see cref="Generative.IPromptLabelModel.MaxLength"/>. <see langword="null"/>: the model's.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// The listwise prompt of an <c>llm-listwise</c> model manifest. Prompt keys: <c>template</c> (one passage entry,
    /// required), <c>prefix</c>, <c>suffix</c>, <c>insertRankTemplate</c> (the entry with
    /// <c>{first_stage_score}</c>), <c>labels</c> by position (<c>{"1": "A", "2": "B", ...}</c>; default A … T),
    /// <c>maxPassageTokens</c>, <c>firstStageScoreFormat</c>; any other key is an error. The manifest's
    /// <c>maxLength</c> becomes <see cref="MaxLength"/>, so it caps the prompt whichever engine runs it.
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, a missing template, an unknown key, or labels not numbered 1..n.</exception>
    public static ListwisePromptTemplate FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(
            manifest,
            [ModelKinds.LlmListwise],
            ["template", "prefix", "suffix", "insertRankTemplate", "labels", "maxPassageTokens", "firstStageScoreFormat"]);
        var defaults = new ListwisePromptTemplate { Passage = "" };
        return new ListwisePromptTemplate
        {
            Prefix = prompt.String("prefix", ""),
            Passage = prompt.Template,
            InsertRankPassage = prompt.OptionalString("insertRankTemplate"),
            Suffix = prompt.Suffix(),
            Labels = prompt.PositionalLabels(defaults.Labels),
            MaxPassageTokens = prompt.Int("maxPassageTokens", defaults.MaxPassageTokens),
            FirstStageScoreFormat = prompt.String("firstStageScoreFormat", defaults.FirstStageScoreFormat),
            MaxLength = manifest.MaxLength,
        };
    }
}

using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Pairwise;

/// <summary>
/// The prompt of a pairwise ranking prompting (PRP) reranker: <see cref="Template"/> shows the query and two passages;
/// the model's first output token is read, and log p(<see cref="LabelA"/>) − log p(<see cref="LabelB"/>) says how much
/// it prefers the first passage.
/// </summary>
/// <remarks>Placeholders: <c>{query}</c>, <c>{passage_a}</c> and <c>{passage_b}</c> (both required). Only passages are truncated.</remarks>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record PairwisePromptTemplate
{
    /// <summary>
    /// The prompt, for example PRP's <c>Given a query "{query}", which of the following two passages is more relevant
    /// to the query?\n\nPassage A: "{passage_a}"\n\nPassage B: "{passage_b}"\n\nOutput Passage A or Passage B:</c>.
    /// </summary>
    public required string Template { get; init; }

    /// <summary>The answer naming the first passage; one token. Default <c>A</c>.</summary>
    public string LabelA { get; init; } = "A";

    /// <summary>The answer naming the second passage; one token. Default <c>B</c>.</summary>
    public string LabelB { get; init; } = "B";

    /// <summary>Most tokens of one passage in the prompt. Default 200.</summary>
    public int MaxPassageTokens { get; init; } = 200;

    /// <summary>
    /// Most tokens of one prompt (the manifest's <c>maxLength</c>); the reranker uses the smaller of this and the
    /// model's <see cref="Generative.IPromptLabelModel.MaxLength"/>. <see langword="null"/>: the model's.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// The pairwise prompt of an <c>llm-pairwise</c> model manifest. Prompt keys: <c>template</c> (required),
    /// <c>labels.a</c> and <c>labels.b</c> (default "A"/"B"), <c>maxPassageTokens</c>; any other key is an error. The manifest's <c>maxLength</c> becomes
    /// <see cref="MaxLength"/>, so it caps the prompt whichever engine runs it.
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, a missing template, an unknown key or label role.</exception>
    public static PairwisePromptTemplate FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(manifest, [ModelKinds.LlmPairwise], ["template", "labels", "maxPassageTokens"]);
        prompt.OnlyLabels("a", "b");
        return new PairwisePromptTemplate
        {
            Template = prompt.Template,
            LabelA = prompt.Label("a", "A"),
            LabelB = prompt.Label("b", "B"),
            MaxPassageTokens = prompt.Int("maxPassageTokens", 200),
            MaxLength = manifest.MaxLength,
        };
    }
}

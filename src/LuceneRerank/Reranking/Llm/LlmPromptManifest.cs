using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// The prompts of an LLM reranker model, read from a JSON manifest under <c>models/</c>
/// (for example <c>models/qwen3-reranker-0.6b.llm.json</c>), so that prompt text is data, not code.
/// </summary>
/// <remarks>
/// JSON shape (property names case-insensitive; each method section optional):
/// <code>
/// {
///   "name": "Qwen/Qwen3-Reranker-0.6B",
///   "maxLength": 8192,
///   "pointwise": { "prefix": "...", "body": "...{query}...{document}", "insertRankBody": "...{first_stage_score}...",
///                  "suffix": "...", "instruction": "...", "yesToken": "yes", "noToken": "no" },
///   "queryLikelihood": { "prefix": "", "body": "Document: {document}\n", "suffix": "Query:",
///                        "continuation": " {query}", "aggregation": "mean" },
///   "listwise": { "prefix": "...{query}...{count}...", "passage": "[{label}] {passage}\n",
///                 "insertRankPassage": "[{label}] (BM25 {first_stage_score}) {passage}\n", "suffix": "...",
///                 "labels": ["A", "B", ...], "maxPassageTokens": 100 },
///   "pairwise": { "template": "...{query}...{passage_a}...{passage_b}...", "labelA": "A", "labelB": "B" }
/// }
/// </code>
/// This small type stands in until the project's general model manifest carries prompt sections.
/// </remarks>
public sealed record LlmPromptManifest
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The model's name, shown in <see cref="RerankerDescription.Name"/>.</summary>
    public required string Name { get; init; }

    /// <summary>Free text for people: what the model is and how to get it.</summary>
    public string Description { get; init; } = "";

    /// <summary>The longest prompt to build, in tokens; <c>null</c>: the model's own maximum.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The pointwise yes/no prompt, if the model supports it.</summary>
    public PointwisePromptTemplate? Pointwise { get; init; }

    /// <summary>The query-likelihood prompt, if the model supports it.</summary>
    public QueryLikelihoodPromptTemplate? QueryLikelihood { get; init; }

    /// <summary>The listwise single-token (FIRST) prompt, if the model supports it.</summary>
    public LuceneRerank.Reranking.Listwise.ListwisePromptTemplate? Listwise { get; init; }

    /// <summary>The pairwise (PRP) prompt, if the model supports it.</summary>
    public LuceneRerank.Reranking.Pairwise.PairwisePromptTemplate? Pairwise { get; init; }

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The JSON is malformed or misses a required field; the message names the file.</exception>
    public static LlmPromptManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Prompt manifest not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest JSON; <paramref name="source"/> names it in error messages.</summary>
    public static LlmPromptManifest Parse(string json, string source = "prompt manifest")
    {
        try
        {
            return JsonSerializer.Deserialize<LlmPromptManifest>(json, s_json)
                ?? throw new InvalidDataException($"{source}: the manifest is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuceneRerank.Reranking.T5;

/// <summary>
/// What a T5-family reranker needs to know about a model, read from a JSON manifest (see <c>models/monot5-*.json</c>
/// and <c>models/rankt5-*.json</c>): the scoring method, the prompt template, the label strings, the input length and
/// the batching budget. Nothing of this is hard-coded in the reranker.
/// </summary>
public sealed record T5RerankerManifest
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Model name shown to users, for example <c>castorini/monot5-base-msmarco</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The scoring method: <c>"monot5"</c> or <c>"rankt5"</c> in JSON.</summary>
    public required T5RerankMethod Method { get; init; }

    /// <summary>File names relative to the model directory.</summary>
    public T5ModelFiles Files { get; init; } = new();

    /// <summary>
    /// The encoder input with <c>{query}</c> and <c>{document}</c> placeholders, for example monoT5's
    /// <c>Query: {query} Document: {document} Relevant:</c>. The end-of-sentence token is appended after it.
    /// </summary>
    public required string PromptTemplate { get; init; }

    /// <summary>MonoT5: the label whose probability is the score (monoT5: <c>true</c>); must be one token.</summary>
    public string? PositiveLabel { get; init; }

    /// <summary>MonoT5: the competing label (monoT5: <c>false</c>); must be one token.</summary>
    public string? NegativeLabel { get; init; }

    /// <summary>RankT5: the token whose first-step logit is the score (RankT5: <c>&lt;extra_id_10&gt;</c>).</summary>
    public string? RankingToken { get; init; }

    /// <summary>Maximum encoder input length in tokens, end-of-sentence included (monoT5: 512).</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>The decoder's first input id (T5: the pad id, 0).</summary>
    public int DecoderStartTokenId { get; init; }

    /// <summary>Sentinel tokens after the SentencePiece vocabulary (T5: 100).</summary>
    public int ExtraIds { get; init; } = 100;

    /// <summary>
    /// The most padded encoder tokens (batch size × longest input) per ONNX Runtime call. Default 8192: sixteen
    /// 512-token inputs, or more shorter ones.
    /// </summary>
    public int TokenBudget { get; init; } = 8192;

    /// <summary>
    /// Reads a manifest. Throws <see cref="FileNotFoundException"/> when the file is missing and
    /// <see cref="InvalidDataException"/> naming the file and the problem when it is not valid.
    /// </summary>
    public static T5RerankerManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"T5 reranker manifest not found: {path}", path);
        }

        T5RerankerManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<T5RerankerManifest>(File.ReadAllText(path), s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"T5 reranker manifest '{path}' is not valid: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new InvalidDataException($"T5 reranker manifest '{path}' is empty.");
        }

        manifest.Validate(path);
        return manifest;
    }

    /// <summary>Checks the fields that belong together; throws <see cref="InvalidDataException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source = "manifest")
    {
        void Fail(string problem) => throw new InvalidDataException($"T5 reranker manifest '{source}': {problem}");

        if (Method == T5RerankMethod.MonoT5 && (string.IsNullOrEmpty(PositiveLabel) || string.IsNullOrEmpty(NegativeLabel)))
        {
            Fail("method monot5 needs positiveLabel and negativeLabel (monoT5: \"true\" and \"false\").");
        }

        if (Method == T5RerankMethod.RankT5 && string.IsNullOrEmpty(RankingToken))
        {
            Fail("method rankt5 needs rankingToken (RankT5: \"<extra_id_10>\").");
        }

        if (MaxLength < 2)
        {
            Fail($"maxLength must be at least 2, not {MaxLength}.");
        }

        if (TokenBudget < MaxLength)
        {
            Fail($"tokenBudget ({TokenBudget}) must be at least maxLength ({MaxLength}) so that one full input fits.");
        }

        if (ExtraIds < 0 || DecoderStartTokenId < 0)
        {
            Fail("extraIds and decoderStartTokenId must not be negative.");
        }
    }
}

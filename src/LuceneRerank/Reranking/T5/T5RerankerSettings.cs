using System.Text.Json;
using LuceneRerank.Models;

namespace LuceneRerank.Reranking.T5;

/// <summary>
/// What a T5-family reranker needs to know about a model, read from a <c>monot5</c> or <c>rankt5</c>
/// <see cref="ModelManifest"/> (see <c>models/monot5-base-msmarco.json</c>, <c>models/rankt5-base.json</c> and
/// <c>models/README.md</c>): the scoring method (the manifest's kind), the prompt template and labels (its
/// <c>prompt</c>), the input length, the file names (by role) and the decoder settings (its <c>extra</c>).
/// Nothing of this is hard-coded in the reranker.
/// </summary>
/// <remarks>
/// Manifest keys read: <c>kind</c>; <c>maxLength</c>; <c>prompt.template</c> (<c>{query}</c>, <c>{document}</c>);
/// monoT5 <c>prompt.labels.positive</c> / <c>.negative</c>, RankT5 <c>prompt.labels.ranking</c>; the files with roles
/// <c>encoder</c>, <c>decoder</c>, <c>tokenizer</c> (defaults as in <see cref="T5ModelFiles"/>);
/// <c>extra.decoderStartTokenId</c> (default 0), <c>extra.extraIds</c> (default 100), <c>extra.tokenBudget</c>
/// (default 8192).
/// </remarks>
public sealed record T5RerankerSettings
{
    private static readonly string[] s_kinds = [ModelKinds.MonoT5, ModelKinds.RankT5];
    private static readonly string[] s_keys = ["template", "labels"];

    /// <summary>Model name shown to users, for example <c>castorini/monot5-base-msmarco</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The scoring method (kind <c>monot5</c> or <c>rankt5</c>).</summary>
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
    /// Reads a model manifest file (<see cref="ModelManifestLoader"/>) and its T5 settings. Throws
    /// <see cref="ModelManifestException"/> for a missing or malformed manifest and <see cref="InvalidDataException"/>
    /// naming the file and the field for one that is not a valid T5 reranker manifest.
    /// </summary>
    public static T5RerankerSettings Load(string path)
    {
        var manifest = ModelManifestLoader.Load(path);
        try
        {
            return FromManifest(manifest);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The T5 settings of <paramref name="manifest"/>; throws <see cref="InvalidDataException"/> naming the model and the field.</summary>
    public static T5RerankerSettings FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(manifest, s_kinds, s_keys);
        var mono = manifest.Kind == ModelKinds.MonoT5;
        prompt.OnlyLabels(mono ? ["positive", "negative"] : ["ranking"]);
        var defaults = new T5ModelFiles();
        var settings = new T5RerankerSettings
        {
            Name = manifest.Name,
            Method = mono ? T5RerankMethod.MonoT5 : T5RerankMethod.RankT5,
            PromptTemplate = prompt.Template,
            PositiveLabel = mono ? prompt.Label("positive") : null,
            NegativeLabel = mono ? prompt.Label("negative") : null,
            RankingToken = mono ? null : prompt.Label("ranking"),
            MaxLength = manifest.MaxLength,
            Files = new T5ModelFiles
            {
                Encoder = FileWithRole(manifest, "encoder") ?? defaults.Encoder,
                Decoder = FileWithRole(manifest, "decoder") ?? defaults.Decoder,
                Tokenizer = FileWithRole(manifest, "tokenizer") ?? defaults.Tokenizer,
            },
            DecoderStartTokenId = ExtraInt(manifest, "decoderStartTokenId", 0),
            ExtraIds = ExtraInt(manifest, "extraIds", 100),
            TokenBudget = ExtraInt(manifest, "tokenBudget", 8192),
        };
        settings.Validate(manifest.Name);
        return settings;
    }

    /// <summary>Checks the fields that belong together; throws <see cref="InvalidDataException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source = "manifest")
    {
        void Fail(string problem) => throw new InvalidDataException($"T5 reranker '{source}': {problem}");

        if (Method == T5RerankMethod.MonoT5 && (string.IsNullOrEmpty(PositiveLabel) || string.IsNullOrEmpty(NegativeLabel)))
        {
            Fail("kind monot5 needs prompt.labels.positive and prompt.labels.negative (monoT5: \"true\" and \"false\").");
        }

        if (Method == T5RerankMethod.RankT5 && string.IsNullOrEmpty(RankingToken))
        {
            Fail("kind rankt5 needs prompt.labels.ranking (RankT5: \"<extra_id_10>\").");
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

    /// <summary>The path of the manifest's file with <paramref name="role"/>, or null.</summary>
    internal static string? FileWithRole(ModelManifest manifest, string role) =>
        manifest.Files.FirstOrDefault(f => string.Equals(f.Role, role, StringComparison.Ordinal))?.Path;

    /// <summary>The integer <c>extra.key</c>, or <paramref name="fallback"/>; throws <see cref="InvalidDataException"/> naming the key when it is not an integer.</summary>
    internal static int ExtraInt(ModelManifest manifest, string key, int fallback)
    {
        if (manifest.Extra is not { ValueKind: JsonValueKind.Object } extra || !extra.TryGetProperty(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidDataException($"model manifest '{manifest.Name}': extra.{key} must be an integer.");
    }
}

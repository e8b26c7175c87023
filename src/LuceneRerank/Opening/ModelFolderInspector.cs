using System.Text.Json;

namespace LuceneRerank;

/// <summary>
/// Tells from a model folder's files and <c>config.json</c> which methods can read it: a T5 encoder-decoder
/// (<c>encoder_model.onnx</c> + <c>decoder_model.onnx</c>) serves monoT5, RankT5, listwise and pairwise; a decoder-only
/// causal LM serves pointwise, query likelihood, listwise and pairwise; a sequence-classification (BERT, XLM-RoBERTa,
/// …) model is a cross-encoder.
/// </summary>
internal static class ModelFolderInspector
{
    private static readonly string[] s_decoderTypes =
        ["qwen2", "qwen3", "llama", "mistral", "mixtral", "gemma", "gemma2", "gemma3", "gemma3_text", "phi", "phi3", "gpt2", "gpt_neox", "olmo", "olmo2", "smollm3", "granite"];

    private static readonly string[] s_encoderTypes =
        ["bert", "xlm-roberta", "roberta", "distilbert", "electra", "deberta", "deberta-v2", "camembert", "modernbert", "mpnet"];

    /// <summary>The methods that can read <paramref name="directory"/>, and the evidence, in words.</summary>
    /// <exception cref="InvalidDataException">The folder shows no known model, or its <c>config.json</c> is not JSON.</exception>
    public static (RerankMethod[] Candidates, string Evidence) Inspect(string directory)
    {
        if (ModelFileVariants.Find(directory, "encoder_model.onnx") is not null && ModelFileVariants.Find(directory, "decoder_model.onnx") is not null)
        {
            return ([RerankMethod.MonoT5, RerankMethod.RankT5, RerankMethod.Listwise, RerankMethod.Pairwise],
                "encoder_model.onnx and decoder_model.onnx (a T5 encoder-decoder)");
        }

        if (ColBertFamily.Evidence(directory) is { } colbert)
        {
            return ([RerankMethod.ColBert], colbert);
        }

        var configPath = Path.Combine(directory, "config.json");
        if (File.Exists(configPath))
        {
            var (architectures, modelType) = ReadConfig(configPath);
            if (architectures.Any(a => a.EndsWith("ForCausalLM", StringComparison.Ordinal) || a.EndsWith("LMHeadModel", StringComparison.Ordinal)) ||
                (architectures.Length == 0 && s_decoderTypes.Contains(modelType, StringComparer.OrdinalIgnoreCase)))
            {
                return ([RerankMethod.Pointwise, RerankMethod.QueryLikelihood, RerankMethod.Listwise, RerankMethod.Pairwise],
                    $"a decoder-only causal language model (config.json: {Describe(architectures, modelType)})");
            }

            if (architectures.Any(a => a.EndsWith("ForSequenceClassification", StringComparison.Ordinal)) ||
                (architectures.Length == 0 && s_encoderTypes.Contains(modelType, StringComparer.OrdinalIgnoreCase)))
            {
                return ([RerankMethod.CrossEncoder], $"a sequence-classification model (config.json: {Describe(architectures, modelType)})");
            }

            throw new InvalidDataException(
                $"cannot tell which reranker reads the model in {directory}: its config.json ({Describe(architectures, modelType)}) is neither a " +
                "sequence-classification model (cross-encoder) nor a causal language model; name a manifest or set RerankerOpenOptions.Method");
        }

        if (File.Exists(Path.Combine(directory, "vocab.txt")) || File.Exists(Path.Combine(directory, "sentencepiece.bpe.model")))
        {
            return ([RerankMethod.CrossEncoder], "a WordPiece or SentencePiece tokenizer without config.json (a BERT-style cross-encoder)");
        }

        throw new InvalidDataException(
            $"cannot tell which reranker reads the model in {directory}: it has no {ModelManifests.FolderManifestFileName}, no config.json and no " +
            "encoder_model.onnx/decoder_model.onnx; name a manifest or set RerankerOpenOptions.Method");
    }

    private static (string[] Architectures, string ModelType) ReadConfig(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: config.json must be a JSON object");
            }

            var architectures = root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray()
                : [];
            var modelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "";
            return (architectures, modelType);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: config.json is not valid JSON: {e.Message}", e);
        }
    }

    private static string Describe(string[] architectures, string modelType) =>
        $"architectures [{string.Join(", ", architectures)}], model_type '{modelType}'";
}

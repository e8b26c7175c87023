using System.Text.Json;
using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// What the runner needs from a decoder-only model's <c>config.json</c> (Hugging Face transformers layout, as
/// optimum and onnx-community exports ship it).
/// </summary>
internal sealed record DecoderModelConfig
{
    /// <summary><c>model_type</c>, for example <c>qwen3</c>; empty when absent.</summary>
    public string ModelType { get; init; } = "";

    /// <summary><c>vocab_size</c>: the width of the logits (for Qwen3 151,936, more than the tokenizer's 151,669 ids).</summary>
    public required int VocabularySize { get; init; }

    /// <summary><c>hidden_size</c>.</summary>
    public required int HiddenSize { get; init; }

    /// <summary><c>num_hidden_layers</c>: how many <c>past_key_values.N</c> pairs the export takes.</summary>
    public required int LayerCount { get; init; }

    /// <summary><c>num_attention_heads</c>.</summary>
    public required int AttentionHeads { get; init; }

    /// <summary><c>num_key_value_heads</c> (grouped-query attention); equals <see cref="AttentionHeads"/> when absent.</summary>
    public required int KeyValueHeads { get; init; }

    /// <summary><c>head_dim</c>; <c>hidden_size / num_attention_heads</c> when absent.</summary>
    public required int HeadDimension { get; init; }

    /// <summary><c>max_position_embeddings</c>: the longest input the model was built for.</summary>
    public required int MaxPositions { get; init; }

    /// <summary>Reads a <c>config.json</c> file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON, lacks a required field, or has a <c>max_position_embeddings</c>
    /// that is not an integer from 4 to 2^24 (named in the message).</exception>
    public static DecoderModelConfig FromFile(string configPath)
    {
        ArgumentNullException.ThrowIfNull(configPath);
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"Model config not found: {configPath}", configPath);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = document.RootElement;
            int Required(string name) => !root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number
                ? throw new InvalidDataException($"{configPath}: required number '{name}' is missing.")
                : value.TryGetInt32(out var number) && number > 0
                    ? number
                    : throw new InvalidDataException($"{configPath}: '{name}' is {value.GetRawText()}; expected a positive integer.");
            int? Optional(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
                ? value.GetInt32()
                : null;

            var hidden = Required("hidden_size");
            var heads = Required("num_attention_heads");
            return new DecoderModelConfig
            {
                ModelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "",
                VocabularySize = Required("vocab_size"),
                HiddenSize = hidden,
                LayerCount = Required("num_hidden_layers"),
                AttentionHeads = heads,
                KeyValueHeads = Optional("num_key_value_heads") ?? heads,
                HeadDimension = Optional("head_dim") ?? hidden / heads,
                MaxPositions = JsonValues.MaxPositionEmbeddings(root, configPath) ?? int.MaxValue,
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{configPath} is not valid JSON: {e.Message}", e);
        }
    }
}

using System.Text.Json;

namespace LuceneRerank.Models;

/// <summary>The facts the reranker needs from a Hugging Face <c>config.json</c>.</summary>
internal sealed record BertModelConfig
{
    /// <summary>Rows of the word-embedding matrix (<c>vocab_size</c>); null when not stated.</summary>
    public int? VocabularySize { get; init; }

    /// <summary>The longest input the position embeddings cover (<c>max_position_embeddings</c>); null when not stated.</summary>
    public int? MaxPositionEmbeddings { get; init; }

    /// <summary>Number of output labels (from <c>id2label</c> or <c>num_labels</c>); null when not stated.</summary>
    public int? LabelCount { get; init; }

    /// <summary>The <c>model_type</c>, for example <c>bert</c>; null when not stated.</summary>
    public string? ModelType { get; init; }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it is not JSON, and the
    /// field when <c>max_position_embeddings</c> is not an integer from 4 to 2^24.</summary>
    public static BertModelConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} is not a JSON object.");
            }

            int? labels = root.TryGetProperty("id2label", out var id2Label) && id2Label.ValueKind == JsonValueKind.Object
                ? id2Label.EnumerateObject().Count()
                : JsonValues.Int(root, "num_labels");
            return new BertModelConfig
            {
                VocabularySize = JsonValues.Int(root, "vocab_size"),
                MaxPositionEmbeddings = JsonValues.MaxPositionEmbeddings(root, path),
                LabelCount = labels,
                ModelType = JsonValues.String(root, "model_type"),
            };
        }
    }
}

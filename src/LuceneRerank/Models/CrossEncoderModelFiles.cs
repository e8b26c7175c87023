namespace LuceneRerank.Models;

/// <summary>
/// The files of a cross-encoder model directory as users download it from Hugging Face, for example
/// <c>Xenova/ms-marco-MiniLM-L-6-v2</c> (<c>onnx/model.onnx</c>, <c>tokenizer.json</c>) or a <c>cross-encoder/*</c>
/// ONNX export (<c>model.onnx</c>, <c>vocab.txt</c>).
/// </summary>
public sealed record CrossEncoderModelFiles
{
    /// <summary>The model directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The ONNX model chosen: <c>model.onnx</c>, <c>onnx/model.onnx</c> or <c>onnx/model_quantized.onnx</c>.</summary>
    public required string ModelPath { get; init; }

    /// <summary><c>vocab.txt</c> (one WordPiece token per line), when present.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary><c>tokenizer.json</c> (Hugging Face tokenizers format), when present.</summary>
    public string? TokenizerJsonPath { get; init; }

    /// <summary><c>tokenizer_config.json</c> (lower-casing, maximum length, special tokens), when present.</summary>
    public string? TokenizerConfigPath { get; init; }

    /// <summary><c>config.json</c> (vocabulary size, maximum positions, labels), when present.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>
    /// Finds the files in <paramref name="directory"/>. The ONNX model is looked for as <c>model.onnx</c>, then
    /// <c>onnx/model.onnx</c>, then <c>onnx/model_quantized.onnx</c>; with <paramref name="preferQuantized"/> the
    /// quantized file comes first. The tokenizer is <c>vocab.txt</c> when present, else <c>tokenizer.json</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">No ONNX model, or neither <c>vocab.txt</c> nor <c>tokenizer.json</c>.</exception>
    public static CrossEncoderModelFiles Locate(string directory, bool preferQuantized = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Model directory not found: {full}");
        }

        string[] candidates = preferQuantized
            ? [Path.Combine("onnx", "model_quantized.onnx"), "model_quantized.onnx", "model.onnx", Path.Combine("onnx", "model.onnx")]
            : ["model.onnx", Path.Combine("onnx", "model.onnx"), Path.Combine("onnx", "model_quantized.onnx"), "model_quantized.onnx"];
        var model = candidates.Select(c => Path.Combine(full, c)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"No ONNX model in {full}: looked for {string.Join(", ", candidates)}. Download the model's ONNX export " +
                "(for example the 'onnx/' folder of Xenova/ms-marco-MiniLM-L-6-v2).",
                Path.Combine(full, candidates[0]));

        var vocab = Existing(full, "vocab.txt");
        var tokenizerJson = Existing(full, "tokenizer.json");
        if (vocab is null && tokenizerJson is null)
        {
            throw new FileNotFoundException(
                $"No tokenizer in {full}: expected vocab.txt or tokenizer.json beside the model.",
                Path.Combine(full, "vocab.txt"));
        }

        return new CrossEncoderModelFiles
        {
            Directory = full,
            ModelPath = model,
            VocabularyPath = vocab,
            TokenizerJsonPath = tokenizerJson,
            TokenizerConfigPath = Existing(full, "tokenizer_config.json"),
            ConfigPath = Existing(full, "config.json"),
        };
    }

    private static string? Existing(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : null;
    }
}

namespace LuceneRerank.Models;

/// <summary>
/// The files of a cross-encoder model directory as users download it from Hugging Face, for example
/// <c>Xenova/ms-marco-MiniLM-L-6-v2</c> (<c>onnx/model.onnx</c>, <c>tokenizer.json</c>) or a <c>cross-encoder/*</c>
/// ONNX export (<c>model.onnx</c>, <c>vocab.txt</c>).
/// </summary>
internal sealed record CrossEncoderModelFiles
{
    /// <summary>The model directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The ONNX model chosen (see <see cref="Locate"/> for the files looked for and their order).</summary>
    public required string ModelPath { get; init; }

    /// <summary><c>vocab.txt</c> (one WordPiece token per line), when present.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary><c>tokenizer.json</c> (Hugging Face tokenizers format), when present.</summary>
    public string? TokenizerJsonPath { get; init; }

    /// <summary><c>sentencepiece.bpe.model</c> (XLM-RoBERTa's SentencePiece model), when present.</summary>
    public string? SentencePieceModelPath { get; init; }

    /// <summary><c>tokenizer_config.json</c> (lower-casing, maximum length, special tokens), when present.</summary>
    public string? TokenizerConfigPath { get; init; }

    /// <summary><c>config.json</c> (vocabulary size, maximum positions, labels), when present.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>
    /// Finds the files in <paramref name="directory"/>. The ONNX model is the first that exists of: <c>model.onnx</c>,
    /// <c>onnx/model.onnx</c>, <c>onnx/model_quantized.onnx</c>, <c>model_quantized.onnx</c>; with
    /// <paramref name="preferQuantized"/>: <c>onnx/model_quantized.onnx</c>, <c>model_quantized.onnx</c>,
    /// <c>model.onnx</c>, <c>onnx/model.onnx</c>; with <paramref name="preferFp16"/> (the half-precision export Hugging
    /// Face ONNX exports ship for GPUs): <c>onnx/model_fp16.onnx</c>, <c>model_fp16.onnx</c>, <c>model.onnx</c>,
    /// <c>onnx/model.onnx</c>. So a preferred variant that is missing falls back to the full-precision file. The
    /// tokenizer is <c>tokenizer.json</c>, <c>vocab.txt</c> or (XLM-RoBERTa) <c>sentencepiece.bpe.model</c>;
    /// <see cref="Text.PairTokenizerLoader"/> chooses among those present.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">No ONNX model, or none of the tokenizer files.</exception>
    /// <exception cref="ArgumentException">Both variants are preferred.</exception>
    public static CrossEncoderModelFiles Locate(string directory, bool preferQuantized = false, bool preferFp16 = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (preferQuantized && preferFp16)
        {
            throw new ArgumentException("Prefer either the quantized or the fp16 model file, not both.", nameof(preferFp16));
        }

        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Model directory not found: {full}");
        }

        string[] candidates = preferQuantized
            ? [Path.Combine("onnx", "model_quantized.onnx"), "model_quantized.onnx", "model.onnx", Path.Combine("onnx", "model.onnx")]
            : preferFp16
                ? [Path.Combine("onnx", "model_fp16.onnx"), "model_fp16.onnx", "model.onnx", Path.Combine("onnx", "model.onnx")]
                : ["model.onnx", Path.Combine("onnx", "model.onnx"), Path.Combine("onnx", "model_quantized.onnx"), "model_quantized.onnx"];
        var model = candidates.Select(c => Path.Combine(full, c)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"No ONNX model in {full}: looked for {string.Join(", ", candidates)}. Download the model's ONNX export " +
                "(for example the 'onnx/' folder of Xenova/ms-marco-MiniLM-L-6-v2).",
                Path.Combine(full, candidates[0]));

        var vocab = Existing(full, "vocab.txt");
        var tokenizerJson = Existing(full, "tokenizer.json");
        var sentencePiece = Existing(full, "sentencepiece.bpe.model");
        if (vocab is null && tokenizerJson is null && sentencePiece is null)
        {
            throw new FileNotFoundException(
                $"No tokenizer in {full}: expected vocab.txt, tokenizer.json or sentencepiece.bpe.model beside the model.",
                Path.Combine(full, "vocab.txt"));
        }

        return new CrossEncoderModelFiles
        {
            Directory = full,
            ModelPath = model,
            VocabularyPath = vocab,
            TokenizerJsonPath = tokenizerJson,
            SentencePieceModelPath = sentencePiece,
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

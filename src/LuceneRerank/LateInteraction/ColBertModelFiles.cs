namespace LuceneRerank.LateInteraction;

/// <summary>The files of a ColBERT model directory, located by their published names.</summary>
internal sealed record ColBertModelFiles
{
    /// <summary>Stanford ColBERT's settings file.</summary>
    public const string ArtifactMetadata = "artifact.metadata";

    /// <summary>PyLate's (Sentence Transformers') settings file.</summary>
    public const string SentenceTransformersConfig = "config_sentence_transformers.json";

    /// <summary>The model directory (full path).</summary>
    public required string Directory { get; init; }

    /// <summary>The ONNX model: <c>onnx/model.onnx</c>, else <c>model.onnx</c>.</summary>
    public required string ModelPath { get; init; }

    /// <summary><c>vocab.txt</c> when present.</summary>
    public string? VocabularyPath { get; init; }

    /// <summary><c>tokenizer.json</c> when present.</summary>
    public string? TokenizerJsonPath { get; init; }

    /// <summary><c>tokenizer_config.json</c> when present.</summary>
    public string? TokenizerConfigPath { get; init; }

    /// <summary><c>config.json</c> when present.</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>artifact.metadata</c> when present.</summary>
    public string? ArtifactMetadataPath { get; init; }

    /// <summary><c>config_sentence_transformers.json</c> when present.</summary>
    public string? SentenceTransformersConfigPath { get; init; }

    /// <summary>Finds the files; throws <see cref="DirectoryNotFoundException"/> or <see cref="FileNotFoundException"/> naming what is missing.</summary>
    public static ColBertModelFiles Locate(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var directory = Path.GetFullPath(modelDirectory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"ColBERT model directory not found: {directory}");
        }

        string? Optional(string name) => File.Exists(Path.Combine(directory, name)) ? Path.Combine(directory, name) : null;
        var model = Optional(Path.Combine("onnx", "model.onnx")) ?? Optional("model.onnx")
            ?? throw new FileNotFoundException(
                $"{directory} holds no ONNX model: expected onnx/model.onnx (PyLate export) or model.onnx giving per-token vectors after the projection.",
                Path.Combine(directory, "onnx", "model.onnx"));
        var vocabulary = Optional("vocab.txt");
        var tokenizerJson = Optional("tokenizer.json");
        if (vocabulary is null && tokenizerJson is null)
        {
            throw new FileNotFoundException($"{directory} has neither vocab.txt nor tokenizer.json: the BERT tokenizer cannot be loaded.",
                Path.Combine(directory, "vocab.txt"));
        }

        var artifact = Optional(ArtifactMetadata);
        var sentenceTransformers = Optional(SentenceTransformersConfig);
        if (artifact is null && sentenceTransformers is null)
        {
            throw new FileNotFoundException(
                $"{directory} is not a ColBERT model directory: it has neither {ArtifactMetadata} (Stanford ColBERT) nor " +
                $"{SentenceTransformersConfig} (PyLate), which hold the query and document markers and lengths.",
                Path.Combine(directory, SentenceTransformersConfig));
        }

        return new ColBertModelFiles
        {
            Directory = directory,
            ModelPath = model,
            VocabularyPath = vocabulary,
            TokenizerJsonPath = tokenizerJson,
            TokenizerConfigPath = Optional("tokenizer_config.json"),
            ConfigPath = Optional("config.json"),
            ArtifactMetadataPath = artifact,
            SentenceTransformersConfigPath = sentenceTransformers,
        };
    }
}

using System.Globalization;
using System.Security.Cryptography;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// What an index says about the token embeddings it stores: the doc-values field, the model that made them (a content
/// hash of its files), their dimension and encoding. Kept in the index's commit user data, so that a reranker opened
/// with another model refuses the index instead of scoring with vectors from a different space.
/// </summary>
/// <param name="Field">The binary doc-values field holding each document's encoded token embeddings.</param>
/// <param name="ModelId">The model's identity: <c>sha256:</c> and the hash of its ONNX model and configuration files.</param>
/// <param name="ModelName">The model's folder name (for messages only; not compared).</param>
/// <param name="Dimension">Components per token vector.</param>
/// <param name="Encoding">How the vectors are stored.</param>
/// <param name="DocumentLength">The model's document length in tokens when the embeddings were made.</param>
public sealed record StoredEmbeddingMetadata(
    string Field, string ModelId, string ModelName, int Dimension, EmbeddingEncoding Encoding, int DocumentLength)
{
    /// <summary>The default doc-values field name: <c>colbert_embeddings</c>.</summary>
    public const string DefaultField = "colbert_embeddings";

    private const string Prefix = "lrr.colbert.";
    private const string FieldKey = Prefix + "field";
    private const string ModelKey = Prefix + "model";
    private const string ModelNameKey = Prefix + "model-name";
    private const string DimensionKey = Prefix + "dimension";
    private const string EncodingKey = Prefix + "encoding";
    private const string DocumentLengthKey = Prefix + "document-length";

    /// <summary>The metadata for embeddings that <paramref name="encoder"/> makes, stored as <paramref name="encoding"/> in <paramref name="field"/>.</summary>
    /// <param name="encoder">The ColBERT encoder.</param>
    /// <param name="encoding">The storage encoding.</param>
    /// <param name="field">The doc-values field (default <see cref="DefaultField"/>).</param>
    public static StoredEmbeddingMetadata For(ColBertEncoder encoder, EmbeddingEncoding encoding, string field = DefaultField)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrEmpty(field);
        return new StoredEmbeddingMetadata(field, ModelIdOf(encoder), Path.GetFileName(encoder.Files.Directory), encoder.Dimension, encoding, encoder.DocumentLength);
    }

    /// <summary>The commit user-data entries that record this metadata (merge them into the index's commit data).</summary>
    public IReadOnlyDictionary<string, string> ToCommitData() => new Dictionary<string, string>
    {
        [FieldKey] = Field,
        [ModelKey] = ModelId,
        [ModelNameKey] = ModelName,
        [DimensionKey] = Dimension.ToString(CultureInfo.InvariantCulture),
        [EncodingKey] = Name(Encoding),
        [DocumentLengthKey] = DocumentLength.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the metadata from an index's commit user data; <c>null</c> when the index stores no token embeddings.</summary>
    /// <param name="commitData">The commit user data (<c>DirectoryReader.IndexCommit.UserData</c>).</param>
    /// <exception cref="StoredEmbeddingFormatException">The entries are incomplete or malformed; the message names the key.</exception>
    public static StoredEmbeddingMetadata? FromCommitData(IDictionary<string, string> commitData)
    {
        ArgumentNullException.ThrowIfNull(commitData);
        if (!commitData.TryGetValue(ModelKey, out var model))
        {
            return null;
        }

        string Get(string key) => commitData.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new StoredEmbeddingFormatException($"the index's commit data names a ColBERT model ({model}) but lacks {key}; re-embed the index.");
        int Number(string key) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new StoredEmbeddingFormatException($"the index's commit data has {key} = '{Get(key)}', not a positive whole number; re-embed the index.");
        return new StoredEmbeddingMetadata(
            Get(FieldKey), model, commitData.TryGetValue(ModelNameKey, out var name) ? name : "", Number(DimensionKey),
            ParseEncoding(Get(EncodingKey)) ?? throw new StoredEmbeddingFormatException(
                $"the index's commit data has {EncodingKey} = '{Get(EncodingKey)}'; known encodings: f32, f16, i8."),
            Number(DocumentLengthKey));
    }

    /// <summary>Parses an encoding name: <c>f32</c>, <c>f16</c>, <c>i8</c> (or <c>float32</c>, <c>float16</c>, <c>int8</c>); <c>null</c> when unknown.</summary>
    /// <param name="name">The name, case-insensitive.</param>
    public static EmbeddingEncoding? ParseEncoding(string name) => name.ToLowerInvariant() switch
    {
        "f32" or "float32" => EmbeddingEncoding.Float32,
        "f16" or "float16" => EmbeddingEncoding.Float16,
        "i8" or "int8" => EmbeddingEncoding.Int8,
        _ => null,
    };

    /// <summary>The short name of an encoding: <c>f32</c>, <c>f16</c> or <c>i8</c>.</summary>
    /// <param name="encoding">The encoding.</param>
    public static string Name(EmbeddingEncoding encoding) => encoding switch
    {
        EmbeddingEncoding.Float32 => "f32",
        EmbeddingEncoding.Float16 => "f16",
        EmbeddingEncoding.Int8 => "i8",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "known encodings: Float32, Float16, Int8"),
    };

    /// <summary>
    /// Throws unless embeddings described by this metadata can be scored against queries from a model with
    /// <paramref name="modelId"/> and <paramref name="dimension"/>.
    /// </summary>
    /// <param name="modelId">The query encoder's identity (see <see cref="For"/>).</param>
    /// <param name="dimension">The query encoder's dimension.</param>
    /// <param name="where">The index, for the message.</param>
    /// <exception cref="StoredEmbeddingMismatchException">Another model or dimension made the stored embeddings.</exception>
    public void EnsureMatches(string modelId, int dimension, string where)
    {
        if (ModelId != modelId || Dimension != dimension)
        {
            throw new StoredEmbeddingMismatchException(
                $"the token embeddings stored in {where} (field {Field}) were made by the ColBERT model {ModelName} ({ModelId}, dimension {Dimension}), " +
                $"but the reranker's model is {modelId} (dimension {dimension}); MaxSim across models is meaningless. Open the reranker with the " +
                "index's model, or re-embed the index with this one ('lrr-index embed').");
        }
    }

    /// <summary>The identity of the encoder's model: SHA-256 over its ONNX model and every configuration file it read.</summary>
    internal static string ModelIdOf(ColBertEncoder encoder)
    {
        var files = encoder.Files;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in new[]
                 {
                     files.ModelPath, files.VocabularyPath, files.TokenizerJsonPath, files.TokenizerConfigPath, files.ConfigPath,
                     files.ArtifactMetadataPath, files.SentenceTransformersConfigPath,
                 })
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes((path is null ? "-" : Path.GetFileName(path)) + "\n"));
            if (path is null)
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}

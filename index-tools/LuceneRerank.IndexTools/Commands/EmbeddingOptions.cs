using System.CommandLine;
using LuceneRerank.LateInteraction;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>The options that choose ColBERT token embeddings (<c>build --colbert-model</c>, <c>embed</c>), and their summary lines.</summary>
internal sealed class EmbeddingOptions
{
    public Option<DirectoryInfo> Model { get; }

    public Option<string> Encoding { get; } = new("--embedding-encoding")
    {
        Description = "How token vectors are stored: f32 (exact, 4 bytes per component), f16 (2 bytes), i8 (1 byte + a 4-byte scale per token).",
        DefaultValueFactory = _ => "f16",
    };

    public Option<string> Field { get; } = new("--embedding-field")
    {
        Description = "The binary doc-values field holding the embeddings.",
        DefaultValueFactory = _ => StoredEmbeddingMetadata.DefaultField,
    };

    public EmbeddingOptions(bool required)
    {
        Model = new Option<DirectoryInfo>("--colbert-model")
        {
            Description = "ColBERT model folder (onnx/model.onnx or model.onnx with its config files): store every document's token embeddings.",
            Required = required,
        };
        Encoding.AcceptOnlyFromAmong("f32", "f16", "i8");
    }

    public IEnumerable<Option> All => [Model, Encoding, Field];

    /// <summary>The embedding options given on the command line; <c>null</c> without <c>--colbert-model</c>.</summary>
    public EmbeddingBuildOptions? Read(ParseResult parseResult) => parseResult.GetValue(Model) is { } model
        ? new EmbeddingBuildOptions(model.FullName)
        {
            Encoding = StoredEmbeddingMetadata.ParseEncoding(parseResult.GetValue(Encoding)!)!.Value,
            Field = parseResult.GetValue(Field)!,
        }
        : null;

    /// <summary>The summary lines of stored embeddings.</summary>
    public static void WriteSummary(TextWriter output, EmbeddingBuildSummary? summary)
    {
        if (summary is null)
        {
            return;
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        var m = summary.Metadata;
        output.WriteLine($"embeddings     {m.Field}: {m.ModelName} ({m.ModelId}), dimension {m.Dimension}, {StoredEmbeddingMetadata.Name(m.Encoding)}");
        output.WriteLine(string.Create(c,
            $"tokens         {summary.Tokens} in {summary.Documents} documents, {summary.BytesPerToken:F1} bytes per token ({IndexDirectorySize.Format(summary.Bytes)} stored)"));
        output.WriteLine(string.Create(c, $"encoding time  {summary.EncodingTime.TotalSeconds:F2} s"));
    }
}

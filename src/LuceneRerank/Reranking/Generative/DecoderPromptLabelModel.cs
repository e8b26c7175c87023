using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Generative;

/// <summary>
/// A decoder-only LLM (<see cref="DecoderOnlyModel"/>) as an <see cref="IPromptLabelModel"/>: the label logits are the
/// next-token logits after the prompt's last token. The prompt is tokenised as one text (chat-template markers such
/// as <c>&lt;|im_start|&gt;</c> are the tokenizer's added tokens).
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed class DecoderPromptLabelModel : IPromptLabelModel
{
    private readonly DecoderOnlyModel _model;

    /// <summary>
    /// Wraps <paramref name="model"/>; <paramref name="name"/> defaults to the model folder's name (the folder above
    /// <c>onnx/</c> in the onnx-community layout).
    /// </summary>
    public DecoderPromptLabelModel(DecoderOnlyModel model, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        Name = name ?? FolderName(model.ModelPath);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int MaxLength => _model.MaxLength;

    /// <inheritdoc />
    public string ExecutionProvider => _model.ExecutionProvider;

    /// <inheritdoc />
    public string MemoryNote => _model.MemoryNote();

    /// <inheritdoc />
    public int? SingleTokenId(string label) => _model.Tokenizer.SingleTokenId(label);

    /// <inheritdoc />
    public int[] Encode(string prompt) => _model.Tokenizer.EncodeToIds(prompt);

    /// <inheritdoc />
    public string TruncateToTokens(string text, int maxTokens) =>
        TokenPrefix.Longest(text, maxTokens, t => _model.Tokenizer.EncodeToIds(t).Length);

    /// <inheritdoc />
    public float[][] LabelLogits(IReadOnlyList<int[]> prompts, IReadOnlyList<int> labelIds, RerankStatistics statistics, CancellationToken cancellationToken) =>
        [.. _model.ScoreNextToken(prompts, labelIds, statistics, cancellationToken).Select(l => l.Logits)];

    private static string FolderName(string modelPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? modelPath;
        if (string.Equals(Path.GetFileName(folder), "onnx", StringComparison.Ordinal))
        {
            folder = Path.GetDirectoryName(folder) ?? folder;
        }

        return Path.GetFileName(folder) is { Length: > 0 } name ? name : modelPath;
    }
}

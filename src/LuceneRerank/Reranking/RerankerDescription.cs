namespace LuceneRerank.Reranking;

/// <summary>Describes a reranker: shown by the console, written into <c>Explain</c>, and read by users.</summary>
public sealed record RerankerDescription
{
    /// <summary>Model or method name, for example <c>cross-encoder/ms-marco-MiniLM-L-6-v2</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The maximum number of tokens of one model input (query, passage and special tokens together).</summary>
    public required int MaxLength { get; init; }

    /// <summary>What a score is, in words: for example "raw logit of the relevant class; higher is more relevant".</summary>
    public required string ScoreMeaning { get; init; }

    /// <summary>The execution provider actually in use (for example <c>CPU</c> or <c>CUDA:0</c>); empty when not ONNX.</summary>
    public string ExecutionProvider { get; init; } = "";

    /// <summary>Further facts a user should know (for example memory needed per batch, or that a CPU fallback happened).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <inheritdoc />
    public override string ToString()
    {
        var provider = ExecutionProvider.Length > 0 ? $", provider {ExecutionProvider}" : "";
        var notes = Notes.Count > 0 ? "; " + string.Join("; ", Notes) : "";
        return $"{Name} (max length {MaxLength}{provider}): {ScoreMeaning}{notes}";
    }
}

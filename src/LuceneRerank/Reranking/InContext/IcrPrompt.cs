namespace LuceneRerank.Reranking.InContext;

/// <summary>One tokenised ICR prompt: what one forward pass reads.</summary>
/// <param name="Ids">The token ids: prefix, the passages' entries, the query part and the suffix.</param>
/// <param name="DocumentSpans">Each passage's token positions [Start, End), in prompt order.</param>
/// <param name="QueryStart">The first token of the query span (it runs to the end of <paramref name="Ids"/>).</param>
internal sealed record IcrPrompt(int[] Ids, IReadOnlyList<(int Start, int End)> DocumentSpans, int QueryStart);

namespace LuceneRerank.Reranking.Llm;

/// <summary>A rendered, tokenised prompt.</summary>
/// <param name="Ids">Token ids: prefix, body (with the document, truncated if needed), suffix.</param>
/// <param name="DocumentTruncated">Whether the document was cut to make the prompt fit.</param>
internal sealed record PromptTokens(int[] Ids, bool DocumentTruncated);

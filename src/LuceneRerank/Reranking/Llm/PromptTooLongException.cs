namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// A prompt's fixed parts (prefix, template text, suffix), the query and any continuation do not fit the model's
/// maximum length even with an empty document. The query and the fixed parts are never truncated, only the document.
/// </summary>
public sealed class PromptTooLongException : ArgumentException
{
    /// <summary>Creates the exception; the message gives the token counts and the limit.</summary>
    public PromptTooLongException(string message)
        : base(message)
    {
    }
}

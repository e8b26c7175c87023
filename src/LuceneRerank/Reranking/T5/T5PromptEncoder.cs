using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.T5;

/// <summary>
/// Turns (query, passage) into encoder input ids: renders the prompt template and, when the result is longer than the
/// model's maximum length, shortens the passage (at a word boundary) until it fits. The query and the template's
/// fixed text, including a suffix such as monoT5's "Relevant:", are never cut.
/// </summary>
internal sealed class T5PromptEncoder
{
    private const string Query = "query";
    private const string Document = "document";
    private readonly T5SentencePieceTokenizer _tokenizer;
    private readonly PlaceholderTemplate _template;
    private readonly int _maxLength;

    public T5PromptEncoder(T5SentencePieceTokenizer tokenizer, string template, int maxLength, string what)
    {
        _tokenizer = tokenizer;
        _template = PlaceholderTemplate.Parse(template, [Query, Document], [Document], what);
        _maxLength = maxLength;
    }

    /// <summary>The ids of the prompt for <paramref name="query"/> and <paramref name="passage"/>, EOS appended.</summary>
    public int[] Encode(string query, string passage)
    {
        var ids = _tokenizer.Encode(Render(query, passage));
        if (ids.Length <= _maxLength)
        {
            return ids;
        }

        var keep = _tokenizer.CountTokens(passage) - (ids.Length - _maxLength);
        while (keep > 0)
        {
            ids = _tokenizer.Encode(Render(query, _tokenizer.TruncateToTokens(passage, keep)));
            if (ids.Length <= _maxLength)
            {
                return ids;
            }

            keep -= ids.Length - _maxLength;
        }

        ids = _tokenizer.Encode(Render(query, ""));
        if (ids.Length > _maxLength)
        {
            throw new PromptTooLongException(
                $"The prompt without any passage text is {ids.Length} tokens, more than the model's maximum of " +
                $"{_maxLength}: the query (or the template \"{_template.Source}\") is too long. The query is never truncated.");
        }

        return ids;
    }

    private string Render(string query, string passage) =>
        _template.Render(new Dictionary<string, string>(2) { [Query] = query, [Document] = passage });
}

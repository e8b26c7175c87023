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
    public int[] Encode(string query, string passage) => Encode(query, passage, out _);

    /// <summary>As <see cref="Encode(string, string)"/>; <paramref name="truncated"/> says whether the passage was cut.</summary>
    /// <remarks><see cref="DocumentTruncation"/>: the passage is cut at a word boundary (<see cref="T5SentencePieceTokenizer.TruncateToTokens"/>).</remarks>
    public int[] Encode(string query, string passage, out bool truncated)
    {
        int? keep = null;
        (var ids, truncated) = DocumentTruncation.Fit(
            _maxLength,
            () => _tokenizer.Encode(Render(query, keep is { } k ? _tokenizer.TruncateToTokens(passage, k) : passage)),
            overshoot =>
            {
                if (keep == 0)
                {
                    return false;
                }

                keep = DocumentTruncation.ShrinkKeep(keep ?? _tokenizer.CountTokens(passage), overshoot, 1);
                return true;
            },
            length => new PromptTooLongException(
                $"The prompt without any passage text is {length} tokens, more than the model's maximum of " +
                $"{_maxLength}: the query (or the template \"{_template.Source}\") is too long. The query is never truncated."));
        return ids;
    }

    private string Render(string query, string passage) =>
        _template.Render(new Dictionary<string, string>(2) { [Query] = query, [Document] = passage });
}

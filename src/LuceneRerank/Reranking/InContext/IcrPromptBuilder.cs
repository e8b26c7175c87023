using System.Globalization;
using System.Text;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// Renders and tokenises ICR prompts (<see cref="IcrPromptTemplate"/>), tracking each passage's tokens and the query
/// span by the tokens' character offsets in the rendered text, so that the spans are those of the prompt the model reads.
/// </summary>
internal sealed class IcrPromptBuilder
{
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly IcrPromptTemplate _template;
    private readonly PlaceholderTemplate _document;
    private readonly PlaceholderTemplate _query;
    private readonly int[] _prefixIds;
    private readonly int[] _suffixIds;

    /// <summary>Parses the templates; <paramref name="source"/> names the prompt in errors.</summary>
    /// <exception cref="InvalidDataException">A template lacks its required placeholder or has an unknown one, or maxDocumentTokens is below 1.</exception>
    public IcrPromptBuilder(ByteLevelBpeTokenizer tokenizer, IcrPromptTemplate template, string source)
    {
        _tokenizer = tokenizer;
        _template = template;
        _document = PromptRenderer.Parse(template.Document, ["index", "document"], source + " template", required: ["document"]);
        _query = PromptRenderer.Parse(template.Query, ["query"], source + " query", required: ["query"]);
        if (template.MaxDocumentTokens < 1)
        {
            throw new InvalidDataException($"{source} maxDocumentTokens: {template.MaxDocumentTokens}; must be at least 1.");
        }

        _prefixIds = tokenizer.EncodeToIds(tokenizer.Normalize(template.Prefix));
        _suffixIds = tokenizer.EncodeToIds(tokenizer.Normalize(template.Suffix));
    }

    /// <summary>Tokens of a passage's separator and entry (an estimate: the prompt is tokenised as a whole).</summary>
    public int EntryTokens(string document, int index) =>
        _tokenizer.CountTokens(_tokenizer.Normalize(_template.Separator + Entry(document, index)));

    /// <summary>Tokens of <paramref name="document"/> by itself.</summary>
    public int DocumentTokens(string document) => _tokenizer.CountTokens(_tokenizer.Normalize(document));

    /// <summary><paramref name="document"/> cut to at most <paramref name="maxTokens"/> tokens (by itself).</summary>
    public string Truncate(string document, int maxTokens) =>
        TokenPrefix.Longest(document, maxTokens, DocumentTokens);

    /// <summary>The prompt with <paramref name="documents"/> (labelled 1, 2, …) and <paramref name="query"/>.</summary>
    public IcrPrompt Build(string query, IReadOnlyList<string> documents)
    {
        var text = new StringBuilder();
        var spans = new (int Start, int End)[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            text.Append(_tokenizer.Normalize(_template.Separator));
            var start = text.Length;
            text.Append(_tokenizer.Normalize(Entry(documents[i], i + 1)));
            spans[i] = (start, text.Length);
        }

        text.Append(_tokenizer.Normalize(_template.Separator));
        var queryStart = text.Length;
        text.Append(_tokenizer.Normalize(_query.Render(new Dictionary<string, string> { ["query"] = query })));
        var body = _tokenizer.EncodeToTokens(text.ToString());

        var ids = new int[_prefixIds.Length + body.Count + _suffixIds.Length];
        _prefixIds.CopyTo(ids, 0);
        for (var t = 0; t < body.Count; t++)
        {
            ids[_prefixIds.Length + t] = body[t].Id;
        }

        _suffixIds.CopyTo(ids, _prefixIds.Length + body.Count);

        // A token belongs to the span its first character lies in.
        int FirstTokenAt(int offset)
        {
            var t = 0;
            while (t < body.Count && body[t].Offset.Start.Value < offset)
            {
                t++;
            }

            return _prefixIds.Length + t;
        }

        var tokenSpans = spans.Select(s => (FirstTokenAt(s.Start), FirstTokenAt(s.End))).ToArray();
        var queryToken = FirstTokenAt(queryStart);
        if (queryToken >= ids.Length)
        {
            throw new ArgumentException("The query part of the ICR prompt has no tokens.", nameof(query));
        }

        return new IcrPrompt(ids, tokenSpans, queryToken);
    }

    private string Entry(string document, int index) => _document.Render(new Dictionary<string, string>
    {
        ["index"] = index.ToString(CultureInfo.InvariantCulture),
        ["document"] = document,
    });
}

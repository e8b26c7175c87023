using LuceneRerank.Text;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// Renders a prompt template (prefix + body + suffix) to token ids, truncating only the document to fit a token budget.
/// </summary>
/// <remarks>
/// <para>The body holds <c>{document}</c> exactly once and the placeholders its reranker allows (<c>{query}</c>,
/// <c>{instruction}</c>, <c>{first_stage_score}</c>); it is parsed as a <see cref="PlaceholderTemplate"/> like every
/// other prompt template, so a misspelt placeholder is an error when the reranker is made, values are filled in one
/// pass (text inside a query is never taken for a placeholder), and <c>{{</c>/<c>}}</c> are literal braces.</para>
/// <para>Prefix and suffix are tokenised on their own (as Qwen3-Reranker's reference code does), the body as one text,
/// so the document's first word merges with the space before it exactly as in training text. When the prompt is too
/// long, the document is cut at the start of the first token that does not fit (found from the tokens' character
/// offsets) and the body re-tokenised; the prefix, the rest of the body, the suffix and the query are never cut.</para>
/// </remarks>
internal sealed class PromptRenderer
{
    private const string DocumentPlaceholder = "{document}";

    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly int[] _prefixIds;
    private readonly int[] _suffixIds;
    private readonly PlaceholderTemplate _bodyBeforeDocument;
    private readonly PlaceholderTemplate _bodyAfterDocument;

    /// <summary>Parses the body.</summary>
    /// <exception cref="InvalidDataException">
    /// The body lacks <c>{document}</c> or has it twice, or uses a placeholder outside <paramref name="placeholders"/>;
    /// the message names <paramref name="source"/>.
    /// </exception>
    public PromptRenderer(ByteLevelBpeTokenizer tokenizer, string prefix, string body, string suffix, IReadOnlyCollection<string> placeholders, string source)
    {
        _tokenizer = tokenizer;
        var parts = body.Split(DocumentPlaceholder);
        if (parts.Length != 2)
        {
            throw new InvalidDataException($"{source}: the prompt body must contain {DocumentPlaceholder} exactly once: \"{body}\"");
        }

        _bodyBeforeDocument = Parse(parts[0], placeholders, source);
        _bodyAfterDocument = Parse(parts[1], placeholders, source);
        _prefixIds = tokenizer.EncodeToIds(prefix);
        _suffixIds = tokenizer.EncodeToIds(suffix);
    }

    /// <summary>Tokens of the prefix and suffix together.</summary>
    public int FixedTokenCount => _prefixIds.Length + _suffixIds.Length;

    /// <summary>
    /// Renders the prompt for <paramref name="document"/> with <paramref name="values"/> filling the other
    /// placeholders, in at most <paramref name="maxTokens"/> tokens.
    /// </summary>
    /// <exception cref="PromptTooLongException">Even an empty document does not fit.</exception>
    public PromptTokens Render(IReadOnlyDictionary<string, string> values, string document, int maxTokens, string whatElse = "")
    {
        var before = _tokenizer.Normalize(_bodyBeforeDocument.Render(values));
        var after = _tokenizer.Normalize(_bodyAfterDocument.Render(values));
        var doc = _tokenizer.Normalize(document);
        IReadOnlyList<EncodedToken> body = [];
        int[] Encode()
        {
            body = _tokenizer.EncodeToTokens(before + doc + after);
            var ids = new int[_prefixIds.Length + body.Count + _suffixIds.Length];
            _prefixIds.CopyTo(ids, 0);
            for (var i = 0; i < body.Count; i++)
            {
                ids[_prefixIds.Length + i] = body[i].Id;
            }

            _suffixIds.CopyTo(ids, _prefixIds.Length + body.Count);
            return ids;
        }

        // The document is cut at the start of the first of its tokens that does not fit (from the tokens' offsets).
        bool Shrink(int overshoot)
        {
            if (doc.Length == 0)
            {
                return false;
            }

            var docTokens = body.Where(t => t.Offset.Start.Value >= before.Length && t.Offset.Start.Value < before.Length + doc.Length).ToList();
            var keep = docTokens.Count - overshoot;
            var cut = keep <= 0 ? 0 : docTokens[keep].Offset.Start.Value - before.Length;
            if (cut >= doc.Length)
            {
                cut = doc.Length - 1;
            }

            if (cut > 0 && char.IsLowSurrogate(doc[cut]))
            {
                cut--;
            }

            doc = doc[..cut];
            return true;
        }

        var (ids, truncated) = DocumentTruncation.Fit(
            maxTokens,
            Encode,
            Shrink,
            length => new PromptTooLongException(
                $"The prompt without its document needs {length} tokens (prefix and suffix {FixedTokenCount}, " +
                $"template body with the query {length - FixedTokenCount}{whatElse}) but at most {maxTokens} fit the model's maximum length. " +
                "The query and the prompt's fixed parts are never truncated: shorten the query or raise the maximum length."));
        return new PromptTokens(ids, truncated);
    }

    /// <summary>
    /// Parses a template that may use only <paramref name="placeholders"/>, as an <see cref="InvalidDataException"/>
    /// naming <paramref name="source"/> when it does not (the prompt templates of a manifest are data).
    /// </summary>
    public static PlaceholderTemplate Parse(string template, IReadOnlyCollection<string> placeholders, string source, IReadOnlyCollection<string>? required = null)
    {
        try
        {
            return PlaceholderTemplate.Parse(template, placeholders, required ?? [], source);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}

using System.Text.RegularExpressions;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// Renders a prompt template (prefix + body + suffix) to token ids, truncating only the document to fit a token budget.
/// </summary>
/// <remarks>
/// <para>Placeholders: <c>{document}</c> (exactly once, in the body), <c>{query}</c>, <c>{instruction}</c>,
/// <c>{first_stage_score}</c>; they are filled in one pass, so text inside a query is never taken for a placeholder.</para>
/// <para>Prefix and suffix are tokenised on their own (as Qwen3-Reranker's reference code does), the body as one text,
/// so the document's first word merges with the space before it exactly as in training text. When the prompt is too
/// long, the document is cut at the start of the first token that does not fit (found from the tokens' character
/// offsets) and the body re-tokenised; the prefix, the rest of the body, the suffix and the query are never cut.</para>
/// </remarks>
internal sealed partial class PromptRenderer
{
    private const string DocumentPlaceholder = "{document}";

    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly int[] _prefixIds;
    private readonly int[] _suffixIds;
    private readonly string _bodyBeforeDocument;
    private readonly string _bodyAfterDocument;

    public PromptRenderer(ByteLevelBpeTokenizer tokenizer, string prefix, string body, string suffix, string source)
    {
        _tokenizer = tokenizer;
        var parts = body.Split(DocumentPlaceholder);
        if (parts.Length != 2)
        {
            throw new InvalidDataException($"{source}: the prompt body must contain {DocumentPlaceholder} exactly once: \"{body}\"");
        }

        _bodyBeforeDocument = parts[0];
        _bodyAfterDocument = parts[1];
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
        var before = _tokenizer.Normalize(Fill(_bodyBeforeDocument, values));
        var after = _tokenizer.Normalize(Fill(_bodyAfterDocument, values));
        var doc = _tokenizer.Normalize(document);
        var budget = maxTokens - FixedTokenCount;
        var body = _tokenizer.EncodeToTokens(before + doc + after);
        var truncated = false;
        while (body.Count > budget)
        {
            if (doc.Length == 0)
            {
                throw new PromptTooLongException(
                    $"The prompt without its document needs {FixedTokenCount + body.Count} tokens (prefix and suffix {FixedTokenCount}, " +
                    $"template body with the query {body.Count}{whatElse}) but at most {maxTokens} fit the model's maximum length. " +
                    "The query and the prompt's fixed parts are never truncated: shorten the query or raise the maximum length.");
            }

            var docTokens = body.Where(t => t.Offset.Start.Value >= before.Length && t.Offset.Start.Value < before.Length + doc.Length).ToList();
            var keep = docTokens.Count - (body.Count - budget);
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
            truncated = true;
            body = _tokenizer.EncodeToTokens(before + doc + after);
        }

        var ids = new int[_prefixIds.Length + body.Count + _suffixIds.Length];
        _prefixIds.CopyTo(ids, 0);
        for (var i = 0; i < body.Count; i++)
        {
            ids[_prefixIds.Length + i] = body[i].Id;
        }

        _suffixIds.CopyTo(ids, _prefixIds.Length + body.Count);
        return new PromptTokens(ids, truncated);
    }

    /// <summary>Fills <c>{name}</c> placeholders from <paramref name="values"/> in one pass; unknown names stay as written.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderPattern();
}

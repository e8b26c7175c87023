using System.Text;

namespace LuceneRerank.Toolkit.Corpora;

/// <summary>
/// What a document or query id must be: non-empty, free of whitespace (a TREC run line separates its columns by
/// whitespace, so such an id could not be written), and at most <see cref="MaxUtf8Bytes"/> UTF-8 bytes (Lucene's
/// limit on one indexed term and on one binary doc value, where the index keeps the id).
/// </summary>
internal static class CorpusIdRules
{
    /// <summary>Lucene's largest term (and binary doc value), in UTF-8 bytes: <c>IndexWriter.MAX_TERM_LENGTH</c>.</summary>
    public const int MaxUtf8Bytes = 32766;

    /// <summary>Why <paramref name="id"/> cannot be used, or null when it can.</summary>
    /// <param name="id">The id.</param>
    /// <param name="what">What the id names, for the message (for example "document id").</param>
    public static string? Problem(string id, string what = "id")
    {
        if (id.Length == 0)
        {
            return $"empty {what}";
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (char.IsWhiteSpace(id[i]))
            {
                return $"{what} \"{Shorten(id)}\" contains whitespace (U+{(int)id[i]:X4} at index {i}); TREC run files cannot hold it";
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(id);
        return bytes > MaxUtf8Bytes
            ? $"{what} \"{Shorten(id)}\" is {bytes} UTF-8 bytes long; Lucene allows at most {MaxUtf8Bytes}"
            : null;
    }

    private static string Shorten(string id) => id.Length <= 40 ? id : string.Concat(id.AsSpan(0, 40), "...");
}

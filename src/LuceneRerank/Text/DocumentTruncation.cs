namespace LuceneRerank.Text;

/// <summary>
/// The one truncation rule of the library's prompt-shaped model inputs (LLM pointwise and query-likelihood prompts,
/// T5 prompts, listwise windows, pairwise pairs): encode the input; while it is longer than the model's maximum, cut
/// the document text (the passages) by about the overshoot and encode again; the query and the prompt's fixed parts
/// (prefix, instructions, a suffix such as monoT5's "Relevant:") are never cut. When even empty documents do not fit,
/// the input is an error. How a document is cut (at a token's character offset, at a word boundary) is the caller's,
/// since it must match the model's reference tokenisation; the loop, the "never the query" rule and the error are here.
/// Cross-encoder pairs are cut on token ids instead (<see cref="PairEncoder"/>, Hugging Face's <c>only_second</c>).
/// Callers count the inputs whose document was cut in <c>RerankStatistics.Truncations</c>.
/// </summary>
internal static class DocumentTruncation
{
    /// <summary>Encodes with <paramref name="encode"/>, shrinking the documents until the ids fit <paramref name="maxTokens"/>.</summary>
    /// <param name="maxTokens">The most tokens the input may have.</param>
    /// <param name="encode">The input's ids with the documents as currently cut.</param>
    /// <param name="shrinkDocuments">
    /// Cuts the documents so that about the given overshoot (tokens over <paramref name="maxTokens"/>) fewer remain;
    /// returns false when they are already empty (nothing left to cut).
    /// </param>
    /// <param name="tooLong">The error for an input that does not fit with empty documents; gets its length in tokens.</param>
    /// <returns>The ids, and whether a document was cut on the way.</returns>
    public static (int[] Ids, bool Truncated) Fit(int maxTokens, Func<int[]> encode, Func<int, bool> shrinkDocuments, Func<int, Exception> tooLong)
    {
        var truncated = false;
        while (true)
        {
            var ids = encode();
            if (ids.Length <= maxTokens)
            {
                return (ids, truncated);
            }

            if (!shrinkDocuments(ids.Length - maxTokens))
            {
                throw tooLong(ids.Length);
            }

            truncated = true;
        }
    }

    /// <summary>
    /// The next per-document token cap when <paramref name="documents"/> documents share an overshoot of
    /// <paramref name="overshoot"/> tokens: each loses its share, rounded up, and at least one token; never below 0.
    /// </summary>
    public static int ShrinkKeep(int keep, int overshoot, int documents) =>
        Math.Max(0, keep - Math.Max(1, (overshoot + documents - 1) / documents));
}

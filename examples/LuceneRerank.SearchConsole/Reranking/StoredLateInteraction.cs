using LuceneRerank.Onnx;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// The seam of <c>--late-interaction stored</c>: opening a ColBERT reranker that reads the token embeddings stored in
/// the index (issue 12, the index-embeddings part). Until that reader is built into this tool, asking for it is a
/// clear error that names the query-time mode, which works on any index.
/// </summary>
internal static class StoredLateInteraction
{
    /// <summary>Opens the stored-embedding reranker of <paramref name="spec"/> over the index at <paramref name="indexPath"/>.</summary>
    /// <exception cref="NotSupportedException">Stored ColBERT embeddings are not built into this version of lrr-search.</exception>
    public static OpenedReranker Open(RerankerSpec spec, string indexPath, OnnxRuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(indexPath);
        ArgumentNullException.ThrowIfNull(runtime);
        throw new NotSupportedException(
            "--late-interaction stored is not built into this version of lrr-search (reading ColBERT token embeddings stored in the " +
            $"index {indexPath}); use --late-interaction query-time, which encodes each hit's text when the query is reranked");
    }
}

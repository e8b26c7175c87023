using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneRerank.LateInteraction;
using LuceneRerank.Onnx;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// <c>--late-interaction stored</c>: a ColBERT reranker that scores the token embeddings stored in the index
/// (<see cref="StoredEmbeddingReranker"/>, opened by <see cref="Rerankers.Open"/> with
/// <see cref="RerankerOpenOptions.StoredEmbeddingsField"/>), checked against the index's metadata when opened.
/// </summary>
internal static class StoredLateInteraction
{
    /// <summary>Opens the stored-embedding reranker of <paramref name="spec"/> over the index at <paramref name="indexPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The index stores no ColBERT token embeddings.</exception>
    /// <exception cref="StoredEmbeddingMismatchException">Another model made the index's embeddings.</exception>
    public static OpenedReranker Open(RerankerSpec spec, string indexPath, OnnxRuntimeOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(indexPath);
        ArgumentNullException.ThrowIfNull(runtime);
        using var directory = FSDirectory.Open(indexPath);
        using var reader = DirectoryReader.Open(directory);
        var metadata = StoredEmbeddingMetadata.FromCommitData(reader.IndexCommit.UserData) ?? throw new InvalidOperationException(
            $"the index {indexPath} stores no ColBERT token embeddings; build it with 'lrr-index build --colbert-model DIR' or add them with " +
            "'lrr-index embed', or use --late-interaction query-time");
        var opened = Rerankers.Open(Path.GetFullPath(spec.ModelPath), new RerankerOpenOptions
        {
            OnnxRuntime = runtime,
            Method = RerankMethod.ColBert,
            Manifest = spec.Manifest,
            StoredEmbeddingsField = metadata.Field,
        });
        try
        {
            ((StoredEmbeddingReranker)opened.Inner).EnsureCompatible(reader);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;
using LuceneRerank.Reranking;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// ColBERT late-interaction reranking from token embeddings stored in the index: encodes only the query, reads each
/// window document's stored vectors (see <see cref="StoredEmbeddingCodec"/>) and scores them with
/// <see cref="MaxSim"/>. Documents without stored embeddings are encoded at query time and scored the same way;
/// they are counted (<see cref="QueryTimeEncoded"/>, <c>RescoreResult.Statistics.StoredEmbeddingMisses</c>) and
/// named by <c>Explain</c>.
/// </summary>
/// <remarks>
/// <para>The reranker reads a candidate's document through <see cref="RerankCandidate.Document"/>, which the library's
/// rescorers set; called with texts only (<see cref="ScoreAsync"/>) it encodes every passage at query time.</para>
/// <para>Before using an index's embeddings the reranker compares the index's metadata
/// (<see cref="StoredEmbeddingMetadata"/>, in its commit data) with its own model and refuses another model's
/// embeddings with <see cref="StoredEmbeddingMismatchException"/>; an index without that metadata is treated as
/// holding no embeddings. Call <see cref="EnsureCompatible"/> when opening to fail at once.</para>
/// <para>Safe to call from several threads at once.</para>
/// </remarks>
public sealed class StoredEmbeddingReranker : ICandidateReranker, IRerankStatisticsSource, IDisposable
{
    private const int ParallelThreshold = 64;

    private readonly ColBertEncoder _encoder;
    private readonly bool _ownsEncoder;
    private readonly StoredEmbeddingRerankerOptions _options;
    private readonly ConditionalWeakTable<IndexReader, ReaderState> _readers = new();
    private long _fromIndex;
    private long _queryTimeEncoded;

    /// <summary>Wraps an open encoder (not disposed with the reranker).</summary>
    /// <param name="encoder">The ColBERT encoder of the model that made the index's embeddings.</param>
    /// <param name="options">Options (null: defaults).</param>
    public StoredEmbeddingReranker(ColBertEncoder encoder, StoredEmbeddingRerankerOptions? options = null)
        : this(encoder, options ?? new StoredEmbeddingRerankerOptions(), ownsEncoder: false)
    {
    }

    private StoredEmbeddingReranker(ColBertEncoder encoder, StoredEmbeddingRerankerOptions options, bool ownsEncoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrEmpty(options.Field, nameof(options.Field));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options.MaxDegreeOfParallelism));
        _encoder = encoder;
        _ownsEncoder = ownsEncoder;
        _options = options;
        ModelId = StoredEmbeddingMetadata.ModelIdOf(encoder);
        var name = Path.GetFileName(encoder.Files.Directory);
        Description = new RerankerDescription
        {
            Name = $"{name} (ColBERT, stored token embeddings)",
            MaxLength = encoder.DocumentLength,
            ScoreMeaning = "MaxSim: the sum over query tokens of the best dot product with a document token (cosine for unit vectors); higher is more relevant",
            ExecutionProvider = encoder.ExecutionProvider,
            Notes = [$"stored embeddings read from the doc-values field {options.Field}; documents without them are encoded at query time", .. encoder.Notes],
        };
    }

    /// <summary>Opens the ColBERT model in <paramref name="modelDirectory"/> and a reranker over it (which owns it).</summary>
    /// <param name="modelDirectory">The model folder (as for <see cref="ColBertEncoder.Load"/>).</param>
    /// <param name="options">Options (null: defaults).</param>
    public static StoredEmbeddingReranker Open(string modelDirectory, StoredEmbeddingRerankerOptions? options = null)
    {
        options ??= new StoredEmbeddingRerankerOptions();
        var encoder = ColBertEncoder.Load(modelDirectory, options.Encoder);
        try
        {
            return new StoredEmbeddingReranker(encoder, options, ownsEncoder: true);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics { get; } = new();

    /// <summary>The identity of the reranker's model (compared with an index's <see cref="StoredEmbeddingMetadata.ModelId"/>).</summary>
    public string ModelId { get; }

    /// <summary>Passages scored from stored embeddings so far.</summary>
    public long FromIndex => Interlocked.Read(ref _fromIndex);

    /// <summary>Passages that had no stored embeddings and were encoded at query time so far.</summary>
    public long QueryTimeEncoded => Interlocked.Read(ref _queryTimeEncoded);

    /// <summary>
    /// Checks that the embeddings stored in <paramref name="reader"/>'s index (every <c>DirectoryReader</c> in it)
    /// were made by this reranker's model.
    /// </summary>
    /// <param name="reader">The searcher's reader.</param>
    /// <returns>The index's metadata; <c>null</c> when it stores no embeddings in this reranker's field (all documents will be encoded at query time).</returns>
    /// <exception cref="StoredEmbeddingMismatchException">Another model made them.</exception>
    /// <exception cref="StoredEmbeddingFormatException">The index's metadata is malformed.</exception>
    public StoredEmbeddingMetadata? EnsureCompatible(IndexReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return StateOf(reader).Metadata;
    }

    /// <inheritdoc />
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return ScoreCandidatesAsync(query, passages.Select((text, i) => new RerankCandidate(text, 0, i)).ToArray(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<float[]> ScoreCandidatesAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidates);
        return CompletedScores.Run(() => Score(query, candidates, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEncoder)
        {
            _encoder.Dispose();
        }
    }

    private float[] Score(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken)
    {
        var scores = new float[candidates.Count];
        if (candidates.Count == 0)
        {
            return scores;
        }

        var started = Stopwatch.GetTimestamp();
        var encodedQuery = _encoder.EncodeQuery(query);
        Statistics.AddInference(Stopwatch.GetTimestamp() - started);
        // Check each index once, here, so that a mismatch surfaces as itself rather than inside an AggregateException.
        foreach (var reader in candidates.Select(c => c.Document?.Reader).OfType<IndexReader>().Distinct())
        {
            StateOf(reader);
        }

        var found = new bool[candidates.Count];
        var encoding = new EmbeddingEncoding[candidates.Count];
        var rows = new int[candidates.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = candidates.Count < ParallelThreshold ? 1 : _options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, candidates.Count, parallel, () => new Scratch(), (i, _, scratch) =>
        {
            if (candidates[i].Document is { } document && TryScoreStored(encodedQuery, document, scratch, out var score, out var header))
            {
                scores[i] = score;
                found[i] = true;
                encoding[i] = header.Encoding;
                rows[i] = header.Count;
            }

            return scratch;
        }, scratch => scratch.Dispose());

        var missing = Enumerable.Range(0, candidates.Count).Where(i => !found[i]).ToArray();
        if (missing.Length > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            started = Stopwatch.GetTimestamp();
            var encoded = _encoder.EncodeDocuments(missing.Select(i => candidates[i].Text).ToArray(), cancellationToken);
            Statistics.AddInference(Stopwatch.GetTimestamp() - started);
            for (var k = 0; k < missing.Length; k++)
            {
                scores[missing[k]] = MaxSim.Score(encodedQuery, encoded[k]);
            }
        }

        Interlocked.Add(ref _fromIndex, candidates.Count - missing.Length);
        Interlocked.Add(ref _queryTimeEncoded, missing.Length);
        RerankCallScope.AddStoredEmbeddingMisses(missing.Length);
        Statistics.AddPassages(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            RerankCallScope.NotePassage(candidates[i].FirstStageRank, found[i]
                ? $"MaxSim over {rows[i]} stored token embeddings ({StoredEmbeddingMetadata.Name(encoding[i])}) from {_options.Field}"
                : $"no stored token embeddings in {_options.Field}{(candidates[i].Document is null ? " (no index document given)" : "")}: encoded at query time");
        }

        return scores;
    }

    /// <summary>Scores one document from its stored embeddings; false when it has none (or its index has none).</summary>
    private bool TryScoreStored(TokenEmbeddings query, IndexedDocument document, Scratch scratch, out float score, out StoredEmbeddingHeader header)
    {
        score = 0;
        header = default;
        var state = StateOf(document.Reader);
        if (state.Metadata is null)
        {
            return false;
        }

        var leaves = document.Reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(document.Doc, leaves)];
        var values = leaf.AtomicReader.GetBinaryDocValues(_options.Field);
        if (values is null)
        {
            return false;
        }

        values.Get(document.Doc - leaf.DocBase, scratch.Bytes);
        if (scratch.Bytes.Length == 0)
        {
            return false;
        }

        var bytes = scratch.Bytes.Bytes.AsSpan(scratch.Bytes.Offset, scratch.Bytes.Length);
        header = StoredEmbeddingCodec.ReadHeader(bytes);
        if (header.Dimension != query.Dimension)
        {
            throw new StoredEmbeddingMismatchException(
                $"document {document.Doc} stores {header.Dimension}-dimensional token embeddings in {_options.Field}, but the query's have {query.Dimension}; the index is inconsistent, re-embed it.");
        }

        StoredEmbeddingCodec.Decode(bytes, scratch.Floats(header.Length));
        score = MaxSim.Score(query.Span, scratch.Floats(header.Length), query.Count, header.Count, header.Dimension);
        return true;
    }

    private ReaderState StateOf(IndexReader reader) => _readers.GetValue(reader, r => new ReaderState(Check(r)));

    private StoredEmbeddingMetadata? Check(IndexReader reader)
    {
        StoredEmbeddingMetadata? found = null;
        foreach (var directoryReader in DirectoryReaders(reader))
        {
            var metadata = StoredEmbeddingMetadata.FromCommitData(directoryReader.IndexCommit.UserData);
            if (metadata is null || metadata.Field != _options.Field)
            {
                return null;
            }

            metadata.EnsureMatches(ModelId, _encoder.Dimension, $"the index at {(directoryReader.Directory is Lucene.Net.Store.FSDirectory fs ? fs.Directory.FullName : directoryReader.Directory.ToString())}");
            found = metadata;
        }

        return found;
    }

    private static IEnumerable<DirectoryReader> DirectoryReaders(IndexReader reader)
    {
        switch (reader)
        {
            case DirectoryReader directoryReader:
                yield return directoryReader;
                break;
            case CompositeReader composite:
                foreach (var child in composite.Context.Children)
                {
                    foreach (var inner in DirectoryReaders(child.Reader))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private sealed record ReaderState(StoredEmbeddingMetadata? Metadata);

    /// <summary>One worker's buffers: the stored bytes and the decoded floats (pooled).</summary>
    private sealed class Scratch : IDisposable
    {
        private float[] _floats = ArrayPool<float>.Shared.Rent(64 * 1024);

        public BytesRef Bytes { get; } = new();

        public Span<float> Floats(int length)
        {
            if (_floats.Length < length)
            {
                ArrayPool<float>.Shared.Return(_floats);
                _floats = ArrayPool<float>.Shared.Rent(length);
            }

            return _floats.AsSpan(0, length);
        }

        public void Dispose() => ArrayPool<float>.Shared.Return(_floats);
    }
}

using System.Diagnostics;
using LuceneRerank.Reranking;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// ColBERT late interaction as a reranker, with query-time encoding: the query and every passage are encoded by a
/// <see cref="ColBertEncoder"/> when <see cref="ScoreAsync"/> is called, and each passage scores
/// <see cref="MaxSim"/> of the two. Rerankers that read stored document embeddings from the index reuse
/// <see cref="Encoder"/> and <see cref="MaxSim"/> with the same meaning of a score.
/// </summary>
/// <remarks>
/// Thread-safe: the encoder's one ONNX Runtime session serves every caller. Scoring runs on the calling thread and
/// returns a completed task; cancellation is honoured between batches of passages.
/// </remarks>
public sealed class ColBertReranker : IReranker, IRerankStatisticsSource, IDisposable
{
    private readonly bool _ownsEncoder;
    private readonly RerankStatistics _statistics = new();

    /// <summary>A reranker over <paramref name="encoder"/>, which the caller keeps and disposes.</summary>
    /// <param name="encoder">The ColBERT encoder.</param>
    /// <param name="name">The name in <see cref="Description"/>; null uses the model folder's name.</param>
    public ColBertReranker(ColBertEncoder encoder, string? name = null)
        : this(encoder, name, ownsEncoder: false)
    {
    }

    private ColBertReranker(ColBertEncoder encoder, string? name, bool ownsEncoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Encoder = encoder;
        _ownsEncoder = ownsEncoder;
        Description = new RerankerDescription
        {
            Name = name ?? Path.GetFileName(encoder.Files.Directory),
            MaxLength = encoder.DocumentLength,
            ScoreMeaning = ScoreMeaning(encoder.QueryLength),
            ExecutionProvider = encoder.ExecutionProvider,
            Notes =
            [
                .. encoder.Notes,
                $"late interaction: query-time (each passage encoded when scored), {encoder.Dimension}-dimensional token vectors, MaxSim",
            ],
        };
    }

    /// <summary>The encoder of queries and documents.</summary>
    public ColBertEncoder Encoder { get; }

    /// <inheritdoc />
    public RerankerDescription Description { get; }

    /// <inheritdoc />
    public RerankStatistics Statistics => _statistics;

    /// <summary>Opens a ColBERT model directory (see <see cref="ColBertEncoder.Load"/>); the reranker owns the encoder.</summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="options">How to open the encoder; default <c>new ColBertEncoderOptions()</c>.</param>
    /// <param name="name">The name in <see cref="Description"/>; null uses the folder's name.</param>
    public static ColBertReranker Create(string modelDirectory, ColBertEncoderOptions? options = null, string? name = null)
    {
        var encoder = ColBertEncoder.Load(modelDirectory, options);
        try
        {
            return new ColBertReranker(encoder, name, ownsEncoder: true);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>What a MaxSim score of a query of <paramref name="queryTokens"/> token vectors means.</summary>
    public static string ScoreMeaning(int queryTokens) =>
        $"ColBERT MaxSim: the sum over the query's {queryTokens} token vectors of the best cosine similarity with any passage token vector, " +
        $"in [-{queryTokens}, {queryTokens}]; higher is more relevant";

    /// <inheritdoc />
    /// <remarks>Runs synchronously on the calling thread (the work is CPU-bound) and returns a completed task.</remarks>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
        CompletedScores.Run(() => Score(query, passages, cancellationToken), cancellationToken);

    /// <summary>Encodes the query and the passages and scores each passage by <see cref="MaxSim"/>; one score per passage, same order.</summary>
    public float[] Score(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        var encodedQuery = Encoder.EncodeQuery(query);
        var documents = Encoder.EncodeDocuments(passages, cancellationToken);
        _statistics.AddInference(Stopwatch.GetTimestamp() - started);
        var scores = new float[documents.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MaxSim.Score(encodedQuery, documents[i]);
        }

        _statistics.AddPassages(passages.Count);
        return scores;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEncoder)
        {
            Encoder.Dispose();
        }
    }
}

using LuceneRerank.Onnx;
using LuceneRerank.Reranking;

namespace LuceneRerank.Server.Scheduling;

/// <summary>
/// What <see cref="BatchingScheduler"/> needs of a reranker: pairs prepared (tokenized where possible) on the request's
/// thread, a token budget per batch, and one call that scores a batch of pairs from any number of requests.
/// </summary>
internal abstract class PairScorer
{
    /// <summary>Padded tokens (pairs × longest pair) per batch.</summary>
    public abstract int TokenBudget { get; }

    /// <summary>Prepares a request's pairs (runs on the request's thread, so tokenization is spread across requests).</summary>
    public abstract PreparedPairs Prepare(string query, IReadOnlyList<string> passages);

    /// <summary>Scores <paramref name="rows"/>; one score per row, same order.</summary>
    public abstract float[] Score(IReadOnlyList<BatchRow> rows);

    /// <summary>
    /// The scorer for <paramref name="reranker"/>: a cross-encoder (also inside an <see cref="OpenedReranker"/>) that reads
    /// one pair per passage runs pairs of different queries in one model call; any other reranker (a cross-encoder that
    /// chunks long passages included, so its chunks are combined as configured) is called once per request within a batch.
    /// </summary>
    public static PairScorer For(IReranker reranker, int? tokenBudget)
    {
        var inner = reranker is OpenedReranker opened ? opened.Inner : reranker;
        return inner is CrossEncoderReranker { ReadsOnePairPerPassage: true } crossEncoder
            ? new CrossEncoderPairScorer(crossEncoder, tokenBudget ?? crossEncoder.TokenBudget)
            : new PerRequestPairScorer(reranker, tokenBudget ?? TokenBudgets.Default(
                reranker.Description.ExecutionProvider.StartsWith("CUDA", StringComparison.OrdinalIgnoreCase) ? ExecutionProvider.Cuda : ExecutionProvider.Cpu));
    }
}

/// <summary>A cross-encoder: tokenized once per request, batches of pairs from several queries in one ONNX Runtime call.</summary>
internal sealed class CrossEncoderPairScorer(CrossEncoderReranker reranker, int tokenBudget) : PairScorer
{
    /// <inheritdoc />
    public override int TokenBudget => tokenBudget;

    /// <inheritdoc />
    public override PreparedPairs Prepare(string query, IReadOnlyList<string> passages)
    {
        var encoded = reranker.Encode(query, passages);
        return new PreparedPairs(query, passages, encoded.Select(p => p.Length).ToArray(), encoded);
    }

    /// <inheritdoc />
    public override float[] Score(IReadOnlyList<BatchRow> rows) =>
        reranker.ScoreEncoded(rows.Select(r => r.Request.Pairs.Encoded![r.Pair]).ToArray());
}

/// <summary>
/// Any other reranker (LLM, T5, remote): pair lengths are estimated from the text (about 4 characters a token, capped
/// at the model's maximum length) and a batch is scored with one <see cref="IReranker.ScoreAsync"/> call per request in it.
/// </summary>
internal sealed class PerRequestPairScorer(IReranker reranker, int tokenBudget) : PairScorer
{
    private readonly int _maxLength = reranker.Description.MaxLength > 0 ? reranker.Description.MaxLength : 512;

    /// <inheritdoc />
    public override int TokenBudget => tokenBudget;

    /// <inheritdoc />
    public override PreparedPairs Prepare(string query, IReadOnlyList<string> passages) =>
        new(query, passages, passages.Select(p => Math.Min(_maxLength, ((query.Length + p.Length) / 4) + 4)).ToArray(), null);

    /// <inheritdoc />
    public override float[] Score(IReadOnlyList<BatchRow> rows)
    {
        var scores = new float[rows.Count];
        foreach (var group in rows.Select((row, position) => (row, position)).GroupBy(r => r.row.Request))
        {
            var members = group.ToArray();
            var pairs = group.Key.Pairs;
            var groupScores = reranker.ScoreAsync(pairs.Query, members.Select(m => pairs.Passages[m.row.Pair]).ToArray())
                .GetAwaiter().GetResult();
            for (var i = 0; i < members.Length; i++)
            {
                scores[members[i].position] = groupScores[i];
            }
        }

        return scores;
    }
}

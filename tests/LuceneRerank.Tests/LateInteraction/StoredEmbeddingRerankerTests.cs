using System.Text.Json;
using LuceneRerank.LateInteraction;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>
/// <see cref="StoredEmbeddingReranker"/>: stored vs query-time scores (equal for float32, within the codec's bound for
/// float16 / int8, with the ranking agreement measured on SciFact texts), documents without embeddings, other models refused.
/// </summary>
public sealed class StoredEmbeddingRerankerTests
{
    private static readonly string[] s_queries =
    [
        "0-dimensional biomaterials show inductive properties.",
        "ALDH1 expression is associated with poorer prognosis for breast cancer primary tumors.",
        "Anthocyanins are associated with a reduced risk of type 2 diabetes.",
    ];

    [Test]
    public async Task Float32StoredScoresEqualQueryTimeScores()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var texts = SciFactPassages(40);
        using var index = new StoredEmbeddingTestIndex(encoder, texts, EmbeddingEncoding.Float32);
        using var reranker = new StoredEmbeddingReranker(encoder);
        foreach (var query in s_queries)
        {
            var stored = await reranker.ScoreCandidatesAsync(query, Candidates(index, texts));
            var queryTime = QueryTimeScores(encoder, index, query);
            Assert.That(stored, Is.EqualTo(queryTime).Within(1e-5f), query);
        }

        Assert.That(reranker.FromIndex, Is.EqualTo(3 * texts.Length));
        Assert.That(reranker.QueryTimeEncoded, Is.EqualTo(0));
    }

    [TestCase(EmbeddingEncoding.Float16, 0.99, 0.9)]
    [TestCase(EmbeddingEncoding.Int8, 0.7, 0.6)] // the tiny model has 16 dimensions: int8 rounding matters more than at 128 (see the benchmark)
    public async Task QuantisedScoresStayWithinTheBoundAndKeepTheRanking(EmbeddingEncoding encoding, double minimumTau, double minimumOverlap)
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var texts = SciFactPassages(100);
        using var index = new StoredEmbeddingTestIndex(encoder, texts, encoding);
        using var reranker = new StoredEmbeddingReranker(encoder);
        var largestError = 0.0;
        var taus = new List<double>();
        var overlaps = new List<double>();
        foreach (var query in SciFactQueries(10))
        {
            var queryRows = encoder.EncodeQuery(query).Count;
            var stored = await reranker.ScoreCandidatesAsync(query, Candidates(index, texts));
            var exact = QueryTimeScores(encoder, index, query);
            for (var i = 0; i < texts.Length; i++)
            {
                // The documented bound: query rows × the document's largest row error (queries are unit rows).
                var document = index.Embeddings[i];
                var rowBound = Enumerable.Range(0, document.Count).Max(r => StoredEmbeddingCodec.RowErrorBound(encoding, document.Row(r)));
                var error = Math.Abs(stored[i] - exact[i]);
                Assert.That(error, Is.LessThanOrEqualTo(queryRows * rowBound + 1e-5), $"document {i}, query {query}");
                largestError = Math.Max(largestError, error);
            }

            taus.Add(KendallTau(stored, exact));
            overlaps.Add(TopOverlap(stored, exact, 10));
        }

        TestContext.Out.WriteLine(
            $"{encoding}: largest |stored - query-time| {largestError:G3}; Kendall tau mean {taus.Average():F4} (min {taus.Min():F4}); " +
            $"top-10 overlap mean {overlaps.Average():F3} (min {overlaps.Min():F3}) over {taus.Count} queries x {texts.Length} SciFact passages");
        Assert.That(largestError, Is.GreaterThan(0), "the encoding really quantised");
        Assert.That(taus.Average(), Is.GreaterThanOrEqualTo(minimumTau));
        Assert.That(overlaps.Average(), Is.GreaterThanOrEqualTo(minimumOverlap));
    }

    [Test]
    public async Task DocumentsWithoutEmbeddingsAreEncodedAtQueryTimeCountedAndExplained()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var texts = SciFactPassages(12);
        using var index = new StoredEmbeddingTestIndex(encoder, texts, EmbeddingEncoding.Float32, withEmbeddings: i => i % 3 != 0);
        using var reranker = new StoredEmbeddingReranker(encoder);
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = texts.Length, FailurePolicy = FailurePolicy.Throw }, s_queries[1]);

        var result = await rescorer.RescoreAsync(index.Searcher, index.AllHits(), texts.Length);

        Assert.That(result.Statistics.StoredEmbeddingMisses, Is.EqualTo(4));
        Assert.That(reranker.QueryTimeEncoded, Is.EqualTo(4));
        Assert.That(reranker.FromIndex, Is.EqualTo(8));
        var exact = QueryTimeScores(encoder, index, s_queries[1]);
        var hits = result.Hits.OrderBy(h => h.FirstPassRank).ToArray();
        Assert.That(hits.Select(h => h.ModelScore!.Value), Is.EqualTo(exact).Within(1e-5f));
        Assert.That(result.Explain(0).ToString(), Does.Contain("no stored token embeddings in colbert_embeddings: encoded at query time"));
        Assert.That(result.Explain(1).ToString(), Does.Contain($"MaxSim over {index.Embeddings[1].Count} stored token embeddings (f32)"));
    }

    [Test]
    public async Task AnIndexWithoutMetadataIsScoredAtQueryTime()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var texts = SciFactPassages(5);
        using var index = new StoredEmbeddingTestIndex(encoder, texts, EmbeddingEncoding.Float32, writeMetadata: false);
        using var reranker = new StoredEmbeddingReranker(encoder);
        Assert.That(reranker.EnsureCompatible(index.Reader), Is.Null);
        var scores = await reranker.ScoreCandidatesAsync(s_queries[0], Candidates(index, texts));
        Assert.That(scores, Is.EqualTo(QueryTimeScores(encoder, index, s_queries[0])).Within(1e-5f));
        Assert.That(reranker.QueryTimeEncoded, Is.EqualTo(texts.Length));
    }

    [Test]
    public async Task AnotherModelsEmbeddingsAreRefused()
    {
        using var indexEncoder = ColBertEncoder.Load(GeneratedColBertModels.ColBertV2Layout);
        using var queryEncoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var texts = SciFactPassages(4);
        using var index = new StoredEmbeddingTestIndex(indexEncoder, texts, EmbeddingEncoding.Float16);
        using var reranker = new StoredEmbeddingReranker(queryEncoder);

        var refused = Assert.Throws<StoredEmbeddingMismatchException>(() => reranker.EnsureCompatible(index.Reader));
        Assert.That(refused!.Message, Does.Contain("colbertv2-layout").And.Contain(reranker.ModelId).And.Contain("lrr-index embed"));

        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = texts.Length, FailurePolicy = FailurePolicy.Throw }, s_queries[0]);
        Assert.That(async () => await rescorer.RescoreAsync(index.Searcher, index.AllHits(), texts.Length), Throws.TypeOf<StoredEmbeddingMismatchException>());
    }

    [Test]
    public void MalformedMetadataIsNamed()
    {
        var data = new Dictionary<string, string>(new StoredEmbeddingMetadata("f", "sha256:ab", "m", 16, EmbeddingEncoding.Int8, 180).ToCommitData())
        {
            ["lrr.colbert.encoding"] = "f8",
        };
        Assert.That(() => StoredEmbeddingMetadata.FromCommitData(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("lrr.colbert.encoding = 'f8'"));
        data.Remove("lrr.colbert.dimension");
        Assert.That(() => StoredEmbeddingMetadata.FromCommitData(data),
            Throws.TypeOf<StoredEmbeddingFormatException>().With.Message.Contains("lacks lrr.colbert.dimension"));
        Assert.That(StoredEmbeddingMetadata.FromCommitData(new Dictionary<string, string>()), Is.Null);
    }

    [Test]
    public void MetadataRoundTripsThroughCommitData()
    {
        var metadata = new StoredEmbeddingMetadata("colbert_embeddings", "sha256:0123", "model", 128, EmbeddingEncoding.Float16, 300);
        Assert.That(StoredEmbeddingMetadata.FromCommitData(new Dictionary<string, string>(metadata.ToCommitData())), Is.EqualTo(metadata));
    }

    private static RerankCandidate[] Candidates(StoredEmbeddingTestIndex index, string[] texts) =>
        texts.Select((text, i) => new RerankCandidate(text, 0, i) { Document = new IndexedDocument(index.Reader, i) }).ToArray();

    /// <summary>The query-time reference: MaxSim of the query against each document's float32 embeddings.</summary>
    private static float[] QueryTimeScores(ColBertEncoder encoder, StoredEmbeddingTestIndex index, string query)
    {
        var encoded = encoder.EncodeQuery(query);
        return index.Embeddings.Select(d => MaxSim.Score(encoded, d)).ToArray();
    }

    private static string[] SciFactPassages(int count)
    {
        SciFactText.RequireAvailable();
        return File.ReadLines(Path.Combine(SciFactText.Folder, "corpus.jsonl")).Take(count).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.GetProperty("title").GetString() + " " + json.RootElement.GetProperty("text").GetString();
        }).ToArray();
    }

    private static string[] SciFactQueries(int count)
    {
        SciFactText.RequireAvailable();
        return File.ReadLines(Path.Combine(SciFactText.Folder, "queries.jsonl")).Take(count).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.GetProperty("text").GetString()!;
        }).ToArray();
    }

    /// <summary>Kendall's tau-a between two score lists (pairs tied in either count as neither concordant nor discordant).</summary>
    internal static double KendallTau(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        long concordant = 0, discordant = 0;
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = i + 1; j < a.Count; j++)
            {
                var sign = Math.Sign(a[i] - a[j]) * Math.Sign(b[i] - b[j]);
                concordant += sign > 0 ? 1 : 0;
                discordant += sign < 0 ? 1 : 0;
            }
        }

        return (concordant - discordant) / (a.Count * (a.Count - 1) / 2.0);
    }

    /// <summary>The fraction of the top <paramref name="k"/> by <paramref name="a"/> that is also in the top k by <paramref name="b"/>.</summary>
    internal static double TopOverlap(IReadOnlyList<float> a, IReadOnlyList<float> b, int k)
    {
        var topA = Enumerable.Range(0, a.Count).OrderByDescending(i => a[i]).Take(k).ToHashSet();
        return Enumerable.Range(0, b.Count).OrderByDescending(i => b[i]).Take(k).Count(topA.Contains) / (double)k;
    }
}

using Lucene.Net.Search;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Rescoring;

/// <summary>
/// <see cref="RescoreResult.Explain"/> with a chunking cross-encoder: the <c>chunk:</c> detail names the chunk that
/// decided each score (the one <see cref="CrossEncoderReranker"/> chose), and the result's statistics count the chunks.
/// </summary>
public sealed class RescoreExplainerChunkTests
{
    private const string Query = "which protein binds the cell membrane?";

    private static readonly string[] s_texts = MakeTexts();

    [Test]
    public async Task ExplainNamesTheDecidingChunkOfEachHit()
    {
        var chunking = new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 12, ChunkStride = 6 };
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { Chunking = chunking });
        var (expectedScores, choices) = reranker.ScoreChunks(Query, s_texts, CancellationToken.None);
        using var index = TestIndex.WithTexts(s_texts);
        var firstPass = TestIndex.FirstPass(s_texts.Length, s_texts.Select((_, i) => (i, 10f - i)).ToArray());
        var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = s_texts.Length }, Query);

        var result = await rescorer.RescoreAsync(index.Searcher, firstPass, s_texts.Length);

        Assert.That(choices!.Any(c => c.ChunkIndex > 0), "some hit is decided by a chunk after the first");
        for (var doc = 0; doc < s_texts.Length; doc++)
        {
            var choice = choices![doc];
            Assert.That(result.FindHit(doc)!.ModelScore, Is.EqualTo(expectedScores[doc]).Within(1e-5));
            Assert.That(result.FindHit(doc)!.Chunk, Is.EqualTo(choice).Using<PassageChunkChoice>(SameChoice), $"doc {doc}");
            var detail = result.Explain(doc).GetDetails().Single(d => d.Description.StartsWith("chunk:", StringComparison.Ordinal));
            Assert.That(detail.Description, Does.StartWith(
                $"chunk: {choice.ChunkIndex} of {choice.ChunkCount} chunks (passage tokens {choice.TokenStart}–{choice.TokenEnd}) decided the model score: the best chunk's score (max)"));
            Assert.That(detail.Value, Is.EqualTo(choice.ChunkScore).And.EqualTo(expectedScores[doc]).Within(1e-5));
        }

        Assert.That(result.Statistics.ChunksScored, Is.EqualTo(choices!.Sum(c => c.ChunkCount)));
        Assert.That(result.Statistics.PassagesScored, Is.EqualTo(s_texts.Length));
        Assert.That(result.Statistics.ForwardPasses, Is.EqualTo(result.Statistics.ChunksScored));
    }

    [Test]
    public async Task MeanOfTopKNamesTheChunksItAveraged()
    {
        var chunking = new PassageChunking { Aggregation = ChunkAggregation.MeanOfTopK, TopK = 2, ChunkSize = 12, ChunkStride = 12 };
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { Chunking = chunking });
        var (_, choices) = reranker.ScoreChunks(Query, s_texts, CancellationToken.None);
        using var index = TestIndex.WithTexts(s_texts);
        var firstPass = TestIndex.FirstPass(s_texts.Length, s_texts.Select((_, i) => (i, 10f - i)).ToArray());
        var result = await new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = s_texts.Length }, Query)
            .RescoreAsync(index.Searcher, firstPass, s_texts.Length);

        var choice = choices![1];
        var detail = result.Explain(1).GetDetails().Single(d => d.Description.StartsWith("chunk:", StringComparison.Ordinal));
        Assert.That(choice.CombinedChunks, Has.Count.EqualTo(2));
        Assert.That(detail.Description, Does.Contain($"the mean of the best 2 chunks' scores (chunks {choice.CombinedChunks[0]}, {choice.CombinedChunks[1]})"));
    }

    [Test]
    public async Task WithoutChunkingExplainHasNoChunkDetail()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        using var index = TestIndex.WithTexts(s_texts);
        var firstPass = TestIndex.FirstPass(s_texts.Length, s_texts.Select((_, i) => (i, 10f - i)).ToArray());
        var result = await new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = s_texts.Length }, Query)
            .RescoreAsync(index.Searcher, firstPass, s_texts.Length);

        Assert.That(result.Hits.Select(h => h.Chunk), Is.All.Null);
        Assert.That(result.Explain(0).GetDetails().Select(d => d.Description), Has.None.StartsWith("chunk:"));
        Assert.That(result.Statistics.ChunksScored, Is.EqualTo(s_texts.Length), "one chunk per passage");
    }

    private static bool SameChoice(PassageChunkChoice a, PassageChunkChoice b) =>
        a.ChunkIndex == b.ChunkIndex && a.ChunkCount == b.ChunkCount && a.TokenStart == b.TokenStart && a.TokenEnd == b.TokenEnd &&
        a.Aggregation == b.Aggregation && a.CombinedChunks.SequenceEqual(b.CombinedChunks) && Math.Abs(a.ChunkScore - b.ChunkScore) <= 1e-5f;

    private static string[] MakeTexts()
    {
        string[] words = ["cell", "protein", "gene", "blood", "membrane", "acid", "brain", "tissue", "cancer", "binding", "the", "of", "and"];
        var random = new Random(5);
        return Enumerable.Range(0, 6)
            .Select(i => string.Join(' ', Enumerable.Range(0, 20 + (9 * i)).Select(_ => words[random.Next(words.Length)])))
            .ToArray();
    }
}

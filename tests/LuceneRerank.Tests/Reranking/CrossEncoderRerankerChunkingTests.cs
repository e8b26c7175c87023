using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// <see cref="CrossEncoderReranker"/> with <see cref="PassageChunking"/>: chunked first/max/mean-top-k scores against
/// per-chunk numpy logits (tests/TestModels/reference_chunks.py, its own chunking of independently tokenised ids) for
/// BERT and XLM-RoBERTa, and against the reranker's single-pair path on chunk texts; chunk boundaries, the chunk cap,
/// refused settings, statistics and cancellation.
/// </summary>
public sealed class CrossEncoderRerankerChunkingTests
{
    private const string Query = "which protein binds the cell membrane?";

    // Words that BERT's uncased WordPiece keeps whole: a passage of them has one token per word, so a chunk's text is
    // its words and re-tokenises to exactly the chunk's ids.
    private static readonly string[] s_words =
    [
        "cell", "protein", "gene", "blood", "heart", "water", "light", "energy", "membrane", "acid", "brain", "human",
        "mouse", "tissue", "cancer", "growth", "signal", "binding", "structure", "function", "disease", "patients",
        "the", "of", "and", "in", "with", "from", "high", "low",
    ];

    private static readonly PassageChunking[] s_aggregations =
    [
        new() { Aggregation = ChunkAggregation.First },
        new() { Aggregation = ChunkAggregation.Max },
        new() { Aggregation = ChunkAggregation.MeanOfTopK, TopK = 2 },
    ];

    [Test]
    public void BertChunkScoresAreTheNumpyReferenceChunkLogits() =>
        AssertAgainstNumpy(GeneratedModels.XenovaOneLabel, line => TokenIdReference.Entries[line].Text);

    [Test]
    public void XlmRobertaChunkScoresAreTheNumpyReferenceChunkLogits() =>
        AssertAgainstNumpy(GeneratedModels.XlmRobertaOneLabel, line => XlmRobertaReference.Lines[line].Text);

    [Test]
    public async Task ChunkedScoresAreThoseOfEachChunkScoredAsItsOwnPair()
    {
        using var single = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var words = Words(single, 230, seed: 7);
        var passage = string.Join(' ', words);
        const int Size = 40, Stride = 25;
        var chunkTexts = new List<string>();
        for (var start = 0; ; start += Stride)
        {
            var end = Math.Min(start + Size, words.Length);
            chunkTexts.Add(string.Join(' ', words[start..end]));
            if (end == words.Length)
            {
                break;
            }
        }

        var each = await single.ScoreAsync(Query, chunkTexts);
        Assert.That(chunkTexts, Has.Count.EqualTo(9), "ceil((230 - 40) / 25) + 1 chunks");
        Assert.That(each.Distinct().Count(), Is.GreaterThan(5), "the chunks score differently");
        var sorted = each.OrderByDescending(s => s).ToArray();
        var expected = new Dictionary<ChunkAggregation, float>
        {
            [ChunkAggregation.First] = each[0],
            [ChunkAggregation.Max] = sorted[0],
            [ChunkAggregation.MeanOfTopK] = (float)((sorted[0] + (double)sorted[1] + sorted[2]) / 3),
        };
        foreach (var aggregation in expected.Keys)
        {
            using var chunked = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions
            {
                Chunking = new PassageChunking { Aggregation = aggregation, ChunkSize = Size, ChunkStride = Stride, TopK = 3 },
            });
            var scores = await chunked.ScoreAsync(Query, ["a short passage", passage]);
            Assert.That(scores[1], Is.EqualTo(expected[aggregation]).Within(1e-5), aggregation.ToString());
            Assert.That(scores[0], Is.EqualTo((await single.ScoreAsync(Query, ["a short passage"]))[0]).Within(1e-5), "a short passage is one chunk");
            Assert.That(chunked.Statistics.ChunksScored, Is.EqualTo(aggregation == ChunkAggregation.First ? 2 : 10));
        }
    }

    [Test]
    public void PassageThatExactlyFillsTheWindowIsOneChunkAndOneTokenMoreIsTwo()
    {
        using var reranker = Chunked(new PassageChunking { Aggregation = ChunkAggregation.Max });
        var room = reranker.Encoder.PassageBudget(reranker.Encoder.EncodeQuery(Query));
        var exact = string.Join(' ', Words(reranker, room, seed: 1));
        var over = string.Join(' ', Words(reranker, room + 1, seed: 1));

        var (scores, choices) = reranker.ScoreChunks(Query, [exact, over], CancellationToken.None);

        Assert.That(choices![0].ChunkCount, Is.EqualTo(1));
        Assert.That((choices[0].TokenStart, choices[0].TokenEnd), Is.EqualTo((0, room)));
        Assert.That(choices[1].ChunkCount, Is.EqualTo(2));
        var secondStart = (room + 1) / 2;
        var expectedSpan = choices[1].ChunkIndex == 0 ? (0, room) : (secondStart, room + 1);
        Assert.That((choices[1].TokenStart, choices[1].TokenEnd), Is.EqualTo(expectedSpan), "default stride: half the size, rounded up");
        Assert.That(reranker.Statistics.ChunksScored, Is.EqualTo(3));
        Assert.That(reranker.Statistics.Truncations, Is.Zero, "nothing was left unread");
        using var plain = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        Assert.That(scores[0], Is.EqualTo(plain.Score(Query, [exact])[0]).Within(1e-5), "a passage that fits scores as without chunking");
        Assert.That(scores[1], Is.GreaterThanOrEqualTo(plain.Score(Query, [over])[0] - 1e-5f), "max is at least the first chunk's score");
    }

    [Test]
    public void StrideEqualToTheSizeGivesChunksWithoutOverlap()
    {
        using var reranker = Chunked(new PassageChunking { Aggregation = ChunkAggregation.MeanOfTopK, TopK = 10, ChunkSize = 10, ChunkStride = 10 });
        var words = Words(reranker, 35, seed: 3);
        var (scores, choices) = reranker.ScoreChunks(Query, [string.Join(' ', words)], CancellationToken.None);

        Assert.That(choices![0].ChunkCount, Is.EqualTo(4), "0-10, 10-20, 20-30, 30-35");
        Assert.That(choices[0].CombinedChunks, Is.EquivalentTo(new[] { 0, 1, 2, 3 }), "top 10 of 4 chunks is all of them");
        using var single = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var each = single.Score(Query, new[] { 0, 10, 20, 30 }.Select(s => string.Join(' ', words[s..Math.Min(s + 10, 35)])).ToList());
        Assert.That(scores[0], Is.EqualTo(each.Average()).Within(1e-5));
        var best = Array.IndexOf(each, each.Max());
        Assert.That(choices[0].ChunkIndex, Is.EqualTo(best));
        Assert.That((choices[0].TokenStart, choices[0].TokenEnd), Is.EqualTo((best * 10, Math.Min(best * 10 + 10, 35))));
    }

    [Test]
    public void StrideLargerThanTheSizeIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Chunked(new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 10, ChunkStride = 11 }));
        Assert.That(e!.Message, Does.Contain("ChunkStride 11").And.Contain("ChunkSize 10"));
    }

    [Test]
    public void ChunkSizeBeyondTheModelsWindowIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Chunked(new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 126 }));
        Assert.That(e!.Message, Does.Contain("ChunkSize 126").And.Contain("at most 125 passage tokens").And.Contain("maximum length 128"));
        Assert.DoesNotThrow(() => Chunked(new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 125 }).Dispose());
    }

    [Test]
    public void EmptyPassageIsOneEmptyChunk()
    {
        using var reranker = Chunked(new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 10 });
        using var plain = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        var (scores, choices) = reranker.ScoreChunks(Query, ["", "   "], CancellationToken.None);
        Assert.That(choices!.Select(c => (c.ChunkCount, c.TokenStart, c.TokenEnd)), Is.All.EqualTo((1, 0, 0)));
        Assert.That(scores, Is.EqualTo(plain.Score(Query, ["", "   "])).Within(1e-5));
    }

    [Test]
    public void HugePassageIsScoredOnItsFirstChunksUpToTheCap()
    {
        var chunking = new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 20, ChunkStride = 10, MaxChunksPerPassage = 5 };
        using var reranker = Chunked(chunking);
        var unit = string.Join(' ', Words(reranker, 97, seed: 11)) + " ";
        var huge = string.Concat(Enumerable.Repeat(unit, 11_000)); // about 1 MB
        var opening = string.Join(' ', unit.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..60]); // 20 + 4 × 10 tokens

        var (scores, choices) = reranker.ScoreChunks(Query, [huge, opening], CancellationToken.None);

        Assert.That(huge.Length, Is.GreaterThan(1_000_000));
        Assert.That(choices![0].ChunkCount, Is.EqualTo(5));
        Assert.That(choices[0].PassageCut, Is.True);
        Assert.That(choices[1].ChunkCount, Is.EqualTo(5));
        Assert.That(choices[1].PassageCut, Is.False, "the opening 60 tokens are exactly five chunks");
        Assert.That(scores[0], Is.EqualTo(scores[1]).Within(1e-5), "a huge passage scores as its first five chunks");
        Assert.That(reranker.Statistics.ChunksScored, Is.EqualTo(10));
        Assert.That(reranker.Statistics.Truncations, Is.EqualTo(1), "the huge passage counts as cut");
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(2));
    }

    [Test]
    public void CancellationWhileChunksAreScoredStopsScoring()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions
        {
            MaxBatchSize = 1,
            Chunking = new PassageChunking { Aggregation = ChunkAggregation.Max, ChunkSize = 16, ChunkStride = 8 },
        });
        var passages = Enumerable.Range(0, 40).Select(i => string.Join(' ', Words(reranker, 120, seed: i))).ToList();
        const int ChunksPerPassage = 14; // ceil((120 - 16) / 8) + 1
        using var cts = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (reranker.Statistics.ForwardPasses < 5)
            {
                await Task.Delay(1);
            }

            cts.Cancel();
        });

        Assert.That(() => reranker.Score(Query, passages, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        watcher.Wait();
        Assert.That(reranker.Statistics.ForwardPasses, Is.LessThan(passages.Count * ChunksPerPassage), "stopped before the last chunk");
        Assert.That(reranker.Statistics.PassagesScored, Is.Zero, "no passage was reported scored");
    }

    [Test]
    public void DescriptionNamesTheChunking()
    {
        using var reranker = Chunked(new PassageChunking { Aggregation = ChunkAggregation.MeanOfTopK, TopK = 2, ChunkSize = 64, ChunkStride = 32 });
        Assert.That(reranker.Description.Notes, Has.Some.Contains("long passages chunked: mean-top-2 (size 64, stride 32, at most 16 chunks)"));
        using var plain = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        Assert.That(plain.Description.Notes, Has.None.Contains("chunked"));
    }

    private static CrossEncoderReranker Chunked(PassageChunking chunking) =>
        CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { Chunking = chunking });

    /// <summary><paramref name="count"/> single-token words in a fixed pseudo-random order (checked to be one token each).</summary>
    private static string[] Words(CrossEncoderReranker reranker, int count, int seed)
    {
        foreach (var word in s_words)
        {
            Assert.That(reranker.Encoder.EncodeText(word, 5), Has.Length.EqualTo(1), $"'{word}' is one WordPiece token");
        }

        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => s_words[random.Next(s_words.Length)]).ToArray();
    }

    private static void AssertAgainstNumpy(string model, Func<int, string?> text)
    {
        var reference = ReferenceChunkLogits.Load(model);
        var compared = 0;
        var multiChunk = 0;
        foreach (var config in reference.Pairs.GroupBy(p => (p.Config, p.ChunkSize, p.ChunkStride, p.Cap)))
        {
            foreach (var aggregation in s_aggregations)
            {
                var chunking = aggregation with { ChunkSize = config.Key.ChunkSize, ChunkStride = config.Key.ChunkStride, MaxChunksPerPassage = config.Key.Cap };
                using var reranker = CrossEncoderReranker.Create(model, new CrossEncoderRerankerOptions { Chunking = chunking });
                Assert.That(reranker.Encoder.MaxLength, Is.EqualTo(reference.MaxLength));
                foreach (var byQuery in config.GroupBy(p => p.QueryLine))
                {
                    var pairs = byQuery.Where(p => text(p.PassageLine) is not null).ToList();
                    if (text(byQuery.Key) is not { } query || pairs.Count == 0)
                    {
                        continue;
                    }

                    var (scores, choices) = reranker.ScoreChunks(query, pairs.Select(p => text(p.PassageLine)!).ToList(), CancellationToken.None);
                    for (var i = 0; i < pairs.Count; i++)
                    {
                        var pair = pairs[i];
                        var what = $"{Path.GetFileName(model)} {config.Key.Config} {chunking.Aggregation}: pair ({pair.QueryLine}, {pair.PassageLine})";
                        var (expected, deciding) = Expected(pair.Chunks.Select(c => c.Logits[0]).ToArray(), chunking);
                        Assert.That(scores[i], Is.EqualTo(expected).Within(1e-5), what);
                        if (choices is not null)
                        {
                            Assert.That(choices[i].ChunkCount, Is.EqualTo(pair.Chunks.Count), what);
                            Assert.That(choices[i].ChunkIndex, Is.EqualTo(deciding), what);
                            Assert.That((choices[i].TokenStart, choices[i].TokenEnd), Is.EqualTo((pair.Chunks[deciding].Start, pair.Chunks[deciding].End)), what);
                            Assert.That(choices[i].PassageCut, Is.EqualTo(pair.Chunks[^1].End < pair.PassageTokens), what);
                        }

                        compared++;
                        multiChunk += pair.Chunks.Count > 1 ? 1 : 0;
                    }
                }
            }
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(3 * 3 * 10), "crafted pairs are always compared");
        Assert.That(multiChunk, Is.GreaterThanOrEqualTo(12), "passages of several chunks are compared");
    }

    /// <summary>The passage score from the reference chunk logits, computed here from the documented rules, and the deciding chunk.</summary>
    private static (double Score, int Deciding) Expected(double[] chunkLogits, PassageChunking chunking)
    {
        var best = 0;
        for (var i = 1; i < chunkLogits.Length; i++)
        {
            best = chunkLogits[i] > chunkLogits[best] ? i : best;
        }

        return chunking.Aggregation switch
        {
            ChunkAggregation.First => (chunkLogits[0], 0),
            ChunkAggregation.Max => (chunkLogits[best], best),
            _ => (chunkLogits.OrderByDescending(l => l).Take(chunking.TopK).Average(), best),
        };
    }
}

using LuceneRerank.LateInteraction;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>
/// <see cref="ColBertReranker"/> (query-time encoding) scores are the independent reference's MaxSim scores, and
/// <see cref="Rerankers.Open"/> recognises and opens ColBERT folders of both layouts.
/// </summary>
public sealed class ColBertRerankerTests
{
    [TestCase("colbertv2-layout")]
    [TestCase("pylate-layout")]
    public async Task ScoresAreTheReferenceMaxSim(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var reranker = ColBertReranker.Create(model);
        var documents = reference.Documents.Where(d => d.Text is not null).ToList();
        for (var q = 0; q < reference.Queries.Count; q++)
        {
            if (reference.Queries[q].Text is not { } query)
            {
                continue;
            }

            var scores = await reranker.ScoreAsync(query, documents.Select(d => d.Text!).ToList());
            for (var d = 0; d < documents.Count; d++)
            {
                var expected = reference.Scores[q][reference.Documents.ToList().IndexOf(documents[d])];
                Assert.That(scores[d], Is.EqualTo(expected).Within(1e-3), $"query {q}, document line {documents[d].Line}");
            }
        }

        Assert.That(reranker.Statistics.PassagesScored, Is.GreaterThan(0));
    }

    [Test]
    public void DescriptionSaysWhatAScoreIs()
    {
        using var reranker = ColBertReranker.Create(GeneratedColBertModels.PyLateLayout, name: "tiny");
        Assert.Multiple(() =>
        {
            Assert.That(reranker.Description.Name, Is.EqualTo("tiny"));
            Assert.That(reranker.Description.MaxLength, Is.EqualTo(48));
            Assert.That(reranker.Description.ScoreMeaning, Does.Contain("MaxSim").And.Contain("24 token vectors").And.Contain("[-24, 24]"));
            Assert.That(reranker.Description.Notes, Has.Some.Contains("query-time"));
            Assert.That(reranker.Description.ExecutionProvider, Is.EqualTo("CPU"));
        });
    }

    [Test]
    public void EmptyAndBadInputs()
    {
        using var reranker = ColBertReranker.Create(GeneratedColBertModels.ColBertV2Layout);
        Assert.That(reranker.Score("q", []), Is.Empty);
        Assert.Throws<ArgumentNullException>(() => reranker.Score(null!, ["a"]));
        Assert.CatchAsync<OperationCanceledException>(() => reranker.ScoreAsync("q", ["a"], new CancellationToken(canceled: true)));
        Assert.Throws<ArgumentNullException>(() => new ColBertReranker(null!));
    }

    [Test]
    public void SharedEncoderIsNotDisposedByTheReranker()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.ColBertV2Layout);
        using (var reranker = new ColBertReranker(encoder))
        {
            Assert.That(reranker.Score("mice", ["cancer in mice"]), Has.Length.EqualTo(1));
        }

        Assert.That(encoder.EncodeQuery("still open").Count, Is.EqualTo(32));
    }

    [TestCase("colbertv2-layout")]
    [TestCase("pylate-layout")]
    public void RerankersOpenRecognisesAColBertFolder(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        using var opened = Rerankers.Open(model);
        Assert.That(opened.Method, Is.EqualTo(RerankMethod.ColBert));
        Assert.That(opened.Description.ScoreMeaning, Does.Contain("MaxSim"));
        using var direct = ColBertReranker.Create(model);
        var passages = new[] { "mice cancer study", "a report on nothing" };
        Assert.That(opened.ScoreAsync("mice", passages).Result, Is.EqualTo(direct.Score("mice", passages)));
    }

    [Test]
    public void RerankersOpenPassesMaxLengthAsTheDocumentLengthAndRefusesOtherPrecisions()
    {
        using var opened = Rerankers.Open(GeneratedColBertModels.ColBertV2Layout, new RerankerOpenOptions { Method = RerankMethod.ColBert, MaxLength = 20 });
        Assert.That(opened.Description.MaxLength, Is.EqualTo(20));
        var error = Assert.Throws<ArgumentException>(() =>
            Rerankers.Open(GeneratedColBertModels.ColBertV2Layout, new RerankerOpenOptions { Precision = ModelPrecision.Int8 }));
        Assert.That(error!.Message, Does.Contain("precision Int8 is not supported"));
    }
}

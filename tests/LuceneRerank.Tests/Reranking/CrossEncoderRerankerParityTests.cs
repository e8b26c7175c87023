using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// Scores of <see cref="CrossEncoderReranker"/> on generated random-weight models against an independent numpy forward
/// pass (tests/TestModels/reference_forward.py), within 1e-4, for the pair ids that an independent tokenizer
/// (tokenizers.js) gives: crafted texts always, SciFact texts when ../shared has them.
/// </summary>
public sealed class CrossEncoderRerankerParityTests
{
    [Test]
    public void OneLabelModelScoresAreTheReferenceLogits()
    {
        var model = GeneratedModels.XenovaOneLabel;
        AssertScores(model, new CrossEncoderRerankerOptions(), logits => logits[0]);
    }

    [Test]
    public void OneLabelModelWithSigmoidScoresAreSigmoidOfTheReferenceLogits()
    {
        AssertScores(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { ApplySigmoid = true },
            logits => 1 / (1 + Math.Exp(-logits[0])));
    }

    [Test]
    public void TwoLabelModelScoresAreThePositiveProbability()
    {
        AssertScores(GeneratedModels.VocabTwoLabels, new CrossEncoderRerankerOptions(),
            logits => Math.Exp(logits[1]) / (Math.Exp(logits[0]) + Math.Exp(logits[1])));
    }

    [Test]
    public void TwoLabelModelScoresCanBeThePositiveLogit()
    {
        AssertScores(GeneratedModels.VocabTwoLabels, new CrossEncoderRerankerOptions { TwoLabelScore = TwoLabelScore.PositiveLogit },
            logits => logits[1]);
    }

    [Test]
    public void ModelWithoutTokenTypeIdsScoresAreTheReferenceLogits()
    {
        AssertScores(GeneratedModels.NoTokenTypeIds, new CrossEncoderRerankerOptions(), logits => logits[0]);
    }

    [Test]
    public void PairIdsAreThoseTheReferenceWasComputedFor()
    {
        var reference = ReferenceLogits.Load(GeneratedModels.XenovaOneLabel);
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel);
        Assert.That(reranker.Encoder.MaxLength, Is.EqualTo(reference.MaxLength), "max length from tokenizer_config.json");
        var checkedPairs = 0;
        foreach (var pair in reference.Pairs)
        {
            var (query, passage) = Texts(pair);
            if (query is null || passage is null)
            {
                continue;
            }

            var encoding = reranker.Encoder.EncodePair(query, passage);
            Assert.That(encoding.InputIds, Is.EqualTo(pair.InputIds), $"ids of pair ({pair.QueryLine}, {pair.PassageLine})");
            Assert.That(encoding.TokenTypeIds, Is.EqualTo(pair.TokenTypeIds));
            checkedPairs++;
        }

        Assert.That(checkedPairs, Is.GreaterThanOrEqualTo(30));
        Assert.That(reference.Pairs.Any(p => p.InputIds.Length == reference.MaxLength), "some reference pairs are truncated");
    }

    private static void AssertScores(string model, CrossEncoderRerankerOptions options, Func<double[], double> expected)
    {
        var reference = ReferenceLogits.Load(model);
        using var reranker = CrossEncoderReranker.Create(model, options);
        var compared = 0;
        foreach (var byQuery in reference.Pairs.GroupBy(p => p.QueryLine))
        {
            var usable = byQuery.Where(p => Texts(p).Passage is not null && Texts(p).Query is not null).ToList();
            if (usable.Count == 0)
            {
                continue;
            }

            var query = Texts(usable[0]).Query!;
            var scores = reranker.Score(query, usable.Select(p => Texts(p).Passage!).ToList());
            for (var i = 0; i < usable.Count; i++)
            {
                Assert.That(scores[i], Is.EqualTo(expected(usable[i].Logits)).Within(1e-4),
                    $"pair ({usable[i].QueryLine}, {usable[i].PassageLine}) of {Path.GetFileName(model)}");
                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(40), "crafted pairs are always compared");
    }

    private static (string? Query, string? Passage) Texts(ReferencePair pair) =>
        (TokenIdReference.Entries[pair.QueryLine].Text, TokenIdReference.Entries[pair.PassageLine].Text);
}

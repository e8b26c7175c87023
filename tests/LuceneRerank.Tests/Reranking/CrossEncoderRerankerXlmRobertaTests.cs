using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// An XLM-RoBERTa cross-encoder (bge-reranker-base layout, generated with random weights and the tiny SentencePiece
/// tokenizer of tests/TestModels/XlmR) through <see cref="CrossEncoderReranker"/>: scores against the independent numpy
/// forward pass (reference_forward.py) on ids from the python sentencepiece library, within 1e-4. Pairs of crafted
/// texts are always compared; pairs of SciFact texts when ../shared has SciFact (the texts are not committed).
/// </summary>
public sealed class CrossEncoderRerankerXlmRobertaTests : TempFolderFixture
{
    [Test]
    public void Scores_are_the_reference_logits()
    {
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XlmRobertaOneLabel);
        Assert.That(reranker.FeedsTokenTypeIds, Is.False);
        Assert.That(reranker.Description.Notes, Has.Some.Contains("SentencePiece Unigram").And.Some.Contains("<s> query </s></s> passage </s>"));
        AssertScores(reranker);
    }

    [Test]
    public void Scores_are_the_reference_logits_with_the_sentencepiece_model_instead_of_tokenizer_json()
    {
        var dir = CopyOfModel(GeneratedModels.XlmRobertaOneLabel);
        File.Delete(Path.Combine(dir, "tokenizer.json"));
        File.Copy(Path.Combine(XlmRobertaReference.Folder, "sentencepiece.bpe.model"), Path.Combine(dir, "sentencepiece.bpe.model"));
        using var reranker = CrossEncoderReranker.Create(dir);
        Assert.That(reranker.Description.Notes, Has.Some.Contains("sentencepiece.bpe.model"));
        AssertScores(reranker);
    }

    [Test]
    public void Pair_ids_follow_the_xlm_roberta_template_and_the_reference()
    {
        var reference = ReferenceLogits.Load(GeneratedModels.XlmRobertaOneLabel);
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XlmRobertaOneLabel);
        Assert.That(reranker.Encoder, Is.TypeOf<XlmRobertaPairEncoder>());
        // model_max_length 128; config.json's 130 position embeddings hold 128 tokens (RoBERTa positions start at 2).
        Assert.That(reranker.Encoder.MaxLength, Is.EqualTo(reference.MaxLength).And.EqualTo(128));
        var checkedPairs = 0;
        foreach (var pair in reference.Pairs)
        {
            if (Text(pair.QueryLine) is not { } query || Text(pair.PassageLine) is not { } passage)
            {
                continue;
            }

            var encoding = reranker.Encoder.EncodePair(query, passage);
            checkedPairs++;
            Assert.That(encoding.InputIds, Is.EqualTo(pair.InputIds), $"ids of pair ({pair.QueryLine}, {pair.PassageLine})");
            Assert.That(encoding.TokenTypeIds, Is.All.EqualTo(0));
            var queryLength = XlmRobertaReference.Lines[pair.QueryLine].Ids.Length;
            Assert.That(encoding.InputIds[0], Is.EqualTo(0), "<s>");
            Assert.That(encoding.InputIds[queryLength + 1], Is.EqualTo(2), "</s> after the query");
            Assert.That(encoding.InputIds[queryLength + 2], Is.EqualTo(2), "second </s>");
            Assert.That(encoding.InputIds[^1], Is.EqualTo(2), "final </s>");
        }

        Assert.That(reference.Pairs, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(checkedPairs, Is.GreaterThanOrEqualTo(50), "crafted pairs are always checked");
        Assert.That(checkedPairs, SciFactText.IsAvailable ? Is.EqualTo(reference.Pairs.Count) : Is.LessThan(reference.Pairs.Count));
        Assert.That(reference.Pairs.Count(p => p.InputIds.Length == 128), Is.GreaterThanOrEqualTo(10), "some reference pairs are truncated");
    }

    [Test]
    public void A_long_query_is_cut_to_leave_the_passage_its_minimum()
    {
        SciFactText.RequireAvailable();
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XlmRobertaOneLabel,
            new CrossEncoderRerankerOptions { MinPassageTokens = 40 });
        var truncated = new List<QueryTruncatedEventArgs>();
        reranker.QueryTruncated += (_, e) => truncated.Add(e);
        var longText = XlmRobertaReference.Lines.First(l => l.Source == "scifact-corpus" && l.Ids.Length > 300);
        var shortQuery = XlmRobertaReference.Lines.First(l => l.Source == "scifact-queries");

        var longQuery = reranker.Encoder.EncodePair(longText.Text!, "cells");
        Assert.That(longQuery.QueryTruncated, Is.True);
        Assert.That(longQuery.InputIds[1..(1 + reranker.Encoder.MaxQueryTokens)], Is.EqualTo(longText.Ids[..reranker.Encoder.MaxQueryTokens]));
        Assert.That(reranker.Encoder.MaxQueryTokens, Is.EqualTo(128 - 4 - 40));

        var longPassage = reranker.Encoder.EncodePair(shortQuery.Text!, longText.Text!);
        Assert.That(longPassage.QueryTruncated, Is.False);
        Assert.That(longPassage.InputIds, Has.Length.EqualTo(128));
        Assert.That(longPassage.InputIds[1..(1 + shortQuery.Ids.Length)], Is.EqualTo(shortQuery.Ids), "the query is kept whole");
        var passageStart = shortQuery.Ids.Length + 3;
        Assert.That(longPassage.InputIds[passageStart..^1], Is.EqualTo(longText.Ids[..(128 - 4 - shortQuery.Ids.Length)]));

        reranker.Score(longText.Text!, [shortQuery.Text!]);
        Assert.That(truncated, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_max_length_beyond_the_usable_positions_is_refused()
    {
        var model = GeneratedModels.XlmRobertaOneLabel; // resolved outside Throws: a missing ../shared ignores the test
        var e = Assert.Throws<ArgumentException>(() => CrossEncoderReranker.Create(model,
            new CrossEncoderRerankerOptions { MaxLength = 130 }));
        Assert.That(e!.Message, Does.Contain("128 tokens").And.Contain("max_position_embeddings 130").And.Contain("2 reserved"));
    }

    [Test]
    public void An_unsupported_tokenizer_model_type_is_refused_naming_the_file()
    {
        var dir = CopyOfModel(GeneratedModels.XlmRobertaOneLabel);
        var path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"type\": \"Unigram\"", "\"type\": \"BPE\""));
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("'BPE'").And.Contain("WordPiece").And.Contain("Unigram"));
    }

    [Test]
    public void A_config_model_type_that_contradicts_the_tokenizer_is_refused()
    {
        var dir = CopyOfModel(GeneratedModels.XlmRobertaOneLabel);
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"xlm-roberta\"", "\"model_type\": \"bert\""));
        var e = Assert.Throws<InvalidDataException>(() => CrossEncoderReranker.Create(dir));
        Assert.That(e!.Message, Does.Contain(config).And.Contain("'bert'").And.Contain("SentencePiece"));
    }

    private static void AssertScores(CrossEncoderReranker reranker)
    {
        var reference = ReferenceLogits.Load(GeneratedModels.XlmRobertaOneLabel);
        var compared = 0;
        foreach (var byQuery in reference.Pairs.GroupBy(p => p.QueryLine))
        {
            var pairs = byQuery.Where(p => Text(p.PassageLine) is not null).ToList();
            if (Text(byQuery.Key) is not { } query || pairs.Count == 0)
            {
                continue;
            }

            var scores = reranker.Score(query, pairs.Select(p => Text(p.PassageLine)!).ToList());
            for (var i = 0; i < pairs.Count; i++)
            {
                Assert.That(scores[i], Is.EqualTo(pairs[i].Logits[0]).Within(1e-4), $"pair ({pairs[i].QueryLine}, {pairs[i].PassageLine})");
                compared++;
            }
        }

        // Crafted pairs are always compared; the SciFact ones too when ../shared has SciFact.
        Assert.That(compared, Is.GreaterThanOrEqualTo(50));
        Assert.That(compared, SciFactText.IsAvailable ? Is.EqualTo(reference.Pairs.Count) : Is.LessThan(reference.Pairs.Count));
    }

    private static string? Text(int line) => XlmRobertaReference.Lines[line].Text;
}

using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Text;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>Pointwise yes/no reranking end to end on the yes oracle, the Qwen3-Reranker prompt, InsertRank and bad input.</summary>
public sealed class PointwiseRerankerTests
{
    private const string Query = "aspirin fever";

    [Test]
    public async Task RanksPassagesByQueryTokensTheyRepeat()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        string[] passages = ["zebras graze slowly", "aspirin lowers fever", "aspirin helps adults"];
        var scores = await reranker.ScoreAsync(Query, passages);

        // Both query words repeated > one repeated > none.
        Assert.That(scores[1], Is.GreaterThan(scores[2]));
        Assert.That(scores[2], Is.GreaterThan(scores[0]));
        for (var i = 0; i < passages.Length; i++)
        {
            Assert.That(scores[i], Is.EqualTo(OracleFormula.Pointwise(reranker.BuildPrompt(Query, passages[i]).Ids)).Within(1e-3));
        }

        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(3));
        Assert.That(reranker.Statistics.PassagesScored, Is.EqualTo(3));
        Assert.That(reranker.Statistics.TokensProcessed, Is.EqualTo(passages.Sum(p => reranker.BuildPrompt(Query, p).Ids.Length)));
    }

    [Test]
    public void PromptIsQwen3RerankerFormat()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        const string text =
            "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. " +
            "Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n" +
            "<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n<Query>: what is p53?\n" +
            "<Document>: p53 is a tumour suppressor.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
        var prompt = reranker.BuildPrompt("what is p53?", "p53 is a tumour suppressor.");
        Assert.That(prompt.Ids, Is.EqualTo(Qwen3TestTokenizer.Instance.EncodeToIds(text)));
        Assert.That(prompt.DocumentTruncated, Is.False);
        Assert.That(reranker.Description.ScoreMeaning, Does.Contain("log-odds"));
        Assert.That(reranker.Description.MaxLength, Is.EqualTo(2048), "min of the manifest's 8192 and the oracle's 2048 positions");
    }

    [Test]
    public void LongDocumentIsTruncatedButQueryAndFixedPartsAreKept()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker, new PointwiseRerankerOptions { MaxLength = 200 });
        var tokenizer = Qwen3TestTokenizer.Instance;
        var document = string.Join(" ", Enumerable.Range(0, 400).Select(i => $"word{i}"));
        var prompt = reranker.BuildPrompt(Query, document);
        var suffix = tokenizer.EncodeToIds("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
        Assert.That(prompt.DocumentTruncated, Is.True);
        Assert.That(prompt.Ids.Length, Is.LessThanOrEqualTo(200).And.GreaterThan(190));
        Assert.That(prompt.Ids[^suffix.Length..], Is.EqualTo(suffix));
        var text = tokenizer.Decode(prompt.Ids);
        Assert.That(text, Does.Contain("<Query>: aspirin fever\n<Document>: word0 word1 "));
        var kept = text[(text.IndexOf("<Document>: ", StringComparison.Ordinal) + 12)..text.IndexOf("<|im_end|>\n<|im_start|>assistant", StringComparison.Ordinal)];
        Assert.That(document, Does.StartWith(kept));
    }

    [Test]
    public async Task PromptWhoseFixedPartsDoNotFitIsAClearError()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker, new PointwiseRerankerOptions { MaxLength = 60 });
        var error = await Assert.ThrowsAsync<PromptTooLongException>(() => reranker.ScoreAsync(Query, ["short passage"]));
        Assert.That(error!.Message, Does.Contain("never truncated").And.Contain("at most 60"));
    }

    [Test]
    public void YesTokenThatIsNotOneTokenIsRefusedByName()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var manifest = LlmManifests.Qwen3Reranker with { Prompt = LlmManifests.Qwen3Reranker.Prompt! with { Labels = new Dictionary<string, string> { ["yes"] = "yes indeed", ["no"] = "no" } } };
        var error = Assert.Throws<InvalidDataException>(() => _ = new PointwiseReranker(model, manifest));
        Assert.That(error!.Message, Does.Contain("labels.yes \"yes indeed\" is 2 tokens").And.Contain("exactly one token"));
    }

    [Test]
    public async Task InsertRankWritesFirstStageScoresIntoThePrompt()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var insertRank = new PointwiseReranker(model, LlmManifests.Qwen3Reranker, new PointwiseRerankerOptions { InsertFirstStageScores = true });
        var plain = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        const string query = "p53 level 99";
        RerankCandidate[] candidates = [new("tumour cells", 12.34f, 0), new("tumour cells", 99f, 1)];

        var prompt = insertRank.BuildPrompt(query, "tumour cells", 99f);
        Assert.That(Qwen3TestTokenizer.Instance.Decode(prompt.Ids), Does.Contain("<First-stage BM25 score>: 99.00\n<Document>: tumour cells"));

        var scores = await insertRank.ScoreCandidatesAsync(query, candidates);
        Assert.That(scores[0], Is.EqualTo(OracleFormula.Pointwise(insertRank.BuildPrompt(query, "tumour cells", 12.34f).Ids)).Within(1e-3));
        Assert.That(scores[1], Is.EqualTo(OracleFormula.Pointwise(prompt.Ids)).Within(1e-3));
        Assert.That(scores[1], Is.GreaterThan(scores[0]), "99.00 repeats the query's 9s: more equal-token pairs");

        var plainScores = await plain.ScoreCandidatesAsync(query, candidates);
        Assert.That(plainScores[0], Is.EqualTo(plainScores[1]), "without InsertRank the first-stage score is not in the prompt");
    }

    [Test]
    public void InsertRankWithoutAnInsertRankBodyIsRefused()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var manifest = LlmManifests.WithPromptKey(LlmManifests.Qwen3Reranker, "insertRankTemplate", null);
        var error = Assert.Throws<InvalidDataException>(() => _ = new PointwiseReranker(model, manifest, new PointwiseRerankerOptions { InsertFirstStageScores = true }));
        Assert.That(error!.Message, Does.Contain("insertRankTemplate"));
    }

    [Test]
    public async Task EmptyPassageListGivesEmptyScores()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var reranker = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);
        Assert.That(await reranker.ScoreAsync(Query, []), Is.Empty);
        Assert.That(reranker.Statistics.ForwardPasses, Is.Zero);
    }
}

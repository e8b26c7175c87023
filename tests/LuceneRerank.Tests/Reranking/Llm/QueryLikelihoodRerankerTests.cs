using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Text;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>Query-likelihood reranking end to end on the copy oracle (log p(v) grows with earlier occurrences of v).</summary>
public sealed class QueryLikelihoodRerankerTests
{
    private const string Query = "aspirin fever";

    [Test]
    public async Task RanksPassagesContainingTheQueryTokensFirst()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var reranker = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood);
        string[] passages = ["zebras graze slowly", "aspirin lowers fever", "aspirin helps adults", "aspirin fever aspirin fever"];
        var scores = await reranker.ScoreAsync(Query, passages);

        Assert.That(scores[3], Is.GreaterThan(scores[1]));
        Assert.That(scores[1], Is.GreaterThan(scores[2]));
        Assert.That(scores[2], Is.GreaterThan(scores[0]));
        for (var i = 0; i < passages.Length; i++)
        {
            var (_, sequence, start) = reranker.BuildInput(Query, passages[i]);
            Assert.That(scores[i], Is.EqualTo(OracleFormula.QueryLikelihood(sequence, start, mean: true)).Within(1e-4));
            Assert.That(scores[i], Is.LessThanOrEqualTo(0));
        }

        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(passages.Length));
    }

    [Test]
    public async Task SumAggregationIsTheMeanTimesTheQueryLength()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var manifest = LlmManifests.WithPromptKey(LlmManifests.QueryLikelihood, "aggregation", "sum");
        var mean = await new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood).ScoreAsync(Query, ["aspirin lowers fever"]);
        var sum = new QueryLikelihoodReranker(model, manifest);
        var scores = await sum.ScoreAsync(Query, ["aspirin lowers fever"]);
        var (_, sequence, start) = sum.BuildInput(Query, "aspirin lowers fever");
        Assert.That(scores[0], Is.EqualTo(mean[0] * (sequence.Length - start)).Within(1e-3));
    }

    [Test]
    public void InputIsDocumentPromptThenQueryTokens()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var reranker = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood);
        var tokenizer = Qwen3TestTokenizer.Instance;
        var (prompt, sequence, start) = reranker.BuildInput(Query, "aspirin lowers fever");
        Assert.That(prompt.Ids, Is.EqualTo(tokenizer.EncodeToIds("Document: aspirin lowers fever\n").Concat(tokenizer.EncodeToIds("Query:"))));
        Assert.That(sequence[start..], Is.EqualTo(tokenizer.EncodeToIds(" aspirin fever")));
    }

    [Test]
    public void LongDocumentIsTruncatedAndTheQueryKeptWhole()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var reranker = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood, maxLength: 64);
        var document = string.Join(" ", Enumerable.Range(0, 200).Select(i => $"token{i}"));
        var (prompt, sequence, start) = reranker.BuildInput(Query, document);
        Assert.That(prompt.DocumentTruncated, Is.True);
        Assert.That(sequence.Length, Is.LessThanOrEqualTo(64));
        Assert.That(sequence[start..], Is.EqualTo(Qwen3TestTokenizer.Instance.EncodeToIds(" aspirin fever")));
        Assert.That(Qwen3TestTokenizer.Instance.Decode(sequence), Does.EndWith("\nQuery: aspirin fever"));
    }

    [Test]
    public void QueryTooLongForTheModelIsAClearError()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var reranker = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood, maxLength: 16);
        var longQuery = string.Join(" ", Enumerable.Repeat("fever", 20));
        var error = Assert.Throws<PromptTooLongException>(() => reranker.BuildInput(longQuery, "aspirin"));
        Assert.That(error!.Message, Does.Contain("query continuation").And.Contain("never truncated"));
    }
}

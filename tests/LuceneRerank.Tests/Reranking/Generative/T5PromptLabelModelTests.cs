using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.Reranking.T5;

namespace LuceneRerank.Tests.Reranking.Generative;

/// <summary>
/// The T5 label model behind listwise and pairwise batches by the one budget rule; the listwise and pairwise rerankers
/// count cut passages and score synchronously.
/// </summary>
public sealed class T5PromptLabelModelTests
{
    private const string Query = "which protein matters";

    private static T5PromptLabelModel Open(int? tokenBudget = null, OnnxRuntimeOptions? options = null) => T5PromptLabelModel.Load(
        T5TestModels.Oracle, "oracle-t5", 512, new T5ModelFiles { Tokenizer = "../spiece.model" }, tokenBudget: tokenBudget, options: options);

    [Test]
    public void NothingSetTakesTheProvidersDefault()
    {
        using var model = Open();
        Assert.That(model.TokenBudget, Is.EqualTo(TokenBudgets.Cpu));
        Assert.That(model.MemoryNote, Does.Contain($"at most {TokenBudgets.Cpu} padded encoder tokens"));
        using var runtime = Open(options: new OnnxRuntimeOptions { TokenBudget = 999 });
        Assert.That(runtime.TokenBudget, Is.EqualTo(999));
        using var own = Open(tokenBudget: 555, options: new OnnxRuntimeOptions { TokenBudget = 999 });
        Assert.That(own.TokenBudget, Is.EqualTo(555));
    }

    [TestCase(1, 6, 1)]
    [TestCase(2, 3, 2)]
    [TestCase(100, 1, 6)]
    public async Task PairwisePromptsAreBatchedByTheExplicitBudget(int promptsPerBudget, int expectedCalls, int expectedLargest)
    {
        var passage = OracleRankingModel.Passage(1);
        using var probe = Open();
        var pairwiseProbe = new PairwiseReranker(probe, OracleRankingModel.Pairwise());
        var length = pairwiseProbe.BuildPrompt(Query, passage, passage).Length;
        using var model = Open(tokenBudget: promptsPerBudget * length);
        var reranker = new PairwiseReranker(model, OracleRankingModel.Pairwise());
        var scores = await reranker.ScoreAsync(Query, [passage, passage, passage]);
        Assert.That(scores, Is.All.EqualTo(0f), "equal passages tie");
        Assert.That(reranker.Statistics.ModelCalls, Is.EqualTo(expectedCalls), "3 pairs × 2 orders");
        Assert.That(reranker.Statistics.LargestBatch, Is.EqualTo(expectedLargest));
    }

    [Test]
    public void ListwiseAndPairwiseCountPassagesCutToTheirCap()
    {
        using var model = Open();
        var longPassage = string.Join(" ", Enumerable.Repeat("the study of mice", 60));
        var pairwise = new PairwiseReranker(model, OracleRankingModel.Pairwise() with { MaxPassageTokens = 20 });
        var task = pairwise.ScoreAsync(Query, [longPassage, "cancer cell"]);
        Assert.That(task.IsCompletedSuccessfully, Is.True, "no Task.Run: the result is ready when ScoreAsync returns");
        Assert.That(pairwise.Statistics.Truncations, Is.EqualTo(2), "the long passage, in each of the two orders");

        var listwise = new ListwiseReranker(model, OracleRankingModel.Listwise() with { MaxPassageTokens = 20 }, new ListwiseRerankerOptions { Window = 3, Stride = 3 });
        Assert.That(listwise.ScoreAsync(Query, [longPassage, "cancer cell", longPassage]).IsCompletedSuccessfully, Is.True);
        Assert.That(listwise.Statistics.Truncations, Is.EqualTo(2));
    }
}

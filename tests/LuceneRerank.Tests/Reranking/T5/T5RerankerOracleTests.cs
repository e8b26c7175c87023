using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>
/// The oracle T5 (tests/TestModels/T5/oracle): its "true" logit and its &lt;extra_id_10&gt; logit equal the number of
/// key-word tokens ("cancer", "protein", "cell") in the whole prompt, its "false" logit is 0. So monoT5 must score
/// log σ(count) and RankT5 count, exactly, and rank accordingly.
/// </summary>
public sealed class T5RerankerOracleTests
{
    private const string Query = "which protein matters";

    private static readonly string[] s_passages =
    [
        "the cancer cell makes protein",       // 3 key tokens (+1 in the query)
        "cancer in the cell",                  // 2
        "a study of mice",                     // 0
        "cancer cancer cancer cancer",         // 4
    ];

    private static readonly int[] s_counts = [4, 3, 1, 5];

    [Test]
    public async Task MonoT5_scores_are_log_sigmoid_of_the_key_token_count()
    {
        using var reranker = T5TestModels.Load(T5TestModels.Oracle, "monot5.json");
        var scores = await reranker.ScoreAsync(Query, s_passages);
        Assert.That(scores, Is.EqualTo(s_counts.Select(c => T5TestModels.LogSigmoid(c)).ToArray()).Within(1e-6));
        Assert.That(Ranking(scores), Is.EqualTo(new[] { 3, 0, 1, 2 }));
        Assert.That(reranker.Description.ScoreMeaning, Does.Contain("monoT5"));
    }

    [Test]
    public async Task RankT5_scores_are_the_ranking_token_logit()
    {
        using var reranker = T5TestModels.Load(T5TestModels.Oracle, "rankt5.json");
        var scores = await reranker.ScoreAsync(Query, s_passages);
        Assert.That(scores, Is.EqualTo(s_counts.Select(c => (float)c).ToArray()));
        Assert.That(Ranking(scores), Is.EqualTo(new[] { 3, 0, 1, 2 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(4));
    }

    [Test]
    public async Task Empty_input_gives_empty_scores()
    {
        using var reranker = T5TestModels.Load(T5TestModels.Oracle, "rankt5.json");
        Assert.That(await reranker.ScoreAsync(Query, []), Is.Empty);
    }

    [Test]
    public async Task Long_passages_are_truncated_but_never_the_query_or_the_suffix()
    {
        var manifest = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { MaxLength = 40 };
        using var reranker = T5Reranker.Create(manifest, T5TestModels.Oracle);
        var tokenizer = T5SentencePieceTokenizer.Load(Path.Combine(T5TestModels.Folder, "spiece.model"));
        var filler = string.Join(" ", Enumerable.Repeat("the study of mice", 30));
        var passage = filler + " cancer cancer";  // the key words fall beyond the budget
        var ids = reranker.EncodePrompt(Query, passage);
        var full = tokenizer.Encode($"Query: {Query} Document: {passage} Relevant:");
        var head = tokenizer.Encode($"Query: {Query} Document:", addEndOfSentence: false);
        var tail = tokenizer.Encode(" Relevant:");
        Assert.That(full, Has.Length.GreaterThan(40));
        Assert.That(ids, Has.Length.LessThanOrEqualTo(40).And.Length.GreaterThanOrEqualTo(38));
        Assert.That(ids[..head.Length], Is.EqualTo(head));
        Assert.That(ids[^tail.Length..], Is.EqualTo(tail));
        var scores = await reranker.ScoreAsync(Query, [passage, "cancer " + filler]);
        Assert.That(scores, Is.EqualTo(new[] { T5TestModels.LogSigmoid(1), T5TestModels.LogSigmoid(2) }).Within(1e-6));
    }

    [Test]
    public async Task A_query_longer_than_the_model_input_is_an_error_not_a_silent_cut()
    {
        var manifest = T5TestModels.Settings(T5TestModels.Oracle, "monot5.json") with { MaxLength = 12 };
        using var reranker = T5Reranker.Create(manifest, T5TestModels.Oracle);
        var e = await Assert.ThrowsAsync<PromptTooLongException>(() => reranker.ScoreAsync(string.Join(" ", Enumerable.Repeat("protein", 20)), ["cell"]));
        Assert.That(e!.Message, Does.Contain("maximum of 12").And.Contain("query"));
    }

    [Test]
    public async Task Cancellation_is_observed()
    {
        using var reranker = T5TestModels.Load(T5TestModels.Oracle, "monot5.json");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(() => reranker.ScoreAsync(Query, s_passages, cts.Token));
    }

    [Test]
    public void The_encoder_decoder_run_itself_observes_cancellation()
    {
        using var model = T5EncoderDecoderModel.Load(
            Path.Combine(T5TestModels.Oracle, "encoder_model.onnx"), Path.Combine(T5TestModels.Oracle, "decoder_model.onnx"), new());
        var statistics = new LuceneRerank.Reranking.RerankStatistics();
        int[][] inputs = [[5, 6, 1], [7, 1]];
        Assert.That(model.FirstStepLogits(inputs, 0, 0, [5], statistics), Has.Length.EqualTo(2));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Catch<OperationCanceledException>(() => model.FirstStepLogits(inputs, 0, 0, [5], statistics, cts.Token));
        Assert.That(statistics.ForwardPasses, Is.EqualTo(2), "the cancelled call ran nothing");
    }

    private static int[] Ranking(float[] scores) =>
        Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
}

using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Opening;

/// <summary>What an <see cref="OpenedReranker"/> forwards, and that it disposes what it owns once, reranker first.</summary>
public sealed class OpenedRerankerTests
{
    private static readonly RerankerOpenPlan s_plan = new("/models/fake", RerankMethod.CrossEncoder, null);

    [Test]
    public void Dispose_disposes_the_reranker_then_the_models_in_order_and_only_once()
    {
        var log = new List<string>();
        var opened = new OpenedReranker(new FakeInnerReranker(log), s_plan, new RecordingDisposable("model", log), new RecordingDisposable("tokenizer", log));

        opened.Dispose();
        opened.Dispose();

        Assert.That(log, Is.EqualTo(new[] { "inner", "model", "tokenizer" }));
    }

    [Test]
    public void A_reranker_that_is_also_listed_as_owned_is_disposed_once()
    {
        var log = new List<string>();
        var inner = new FakeInnerReranker(log);
        var opened = new OpenedReranker(inner, s_plan, inner);

        opened.Dispose();

        Assert.That(log, Is.EqualTo(new[] { "inner" }));
    }

    [Test]
    public void Scoring_after_Dispose_throws_ObjectDisposedException()
    {
        var opened = new OpenedReranker(new FakeInnerReranker([]), s_plan);
        opened.Dispose();

        Assert.Throws<ObjectDisposedException>(() => opened.ScoreAsync("q", ["p"]));
        Assert.Throws<ObjectDisposedException>(() => opened.ScoreCandidatesAsync("q", [new RerankCandidate("p", 1, 0)]));
    }

    [Test]
    public async Task Candidates_go_to_a_candidate_reranker_unchanged()
    {
        var inner = new FakeCandidateReranker([]);
        using var opened = new OpenedReranker(inner, s_plan);
        RerankCandidate[] candidates = [new("first", 9, 0), new("second", 5, 1)];

        var scores = await opened.ScoreCandidatesAsync("q", candidates);

        Assert.That(inner.CandidateCalls.Single(), Is.EqualTo(candidates));
        Assert.That(inner.TextCalls, Is.Empty);
        Assert.That(scores, Is.EqualTo(new float[] { 0, 1 }));
    }

    [Test]
    public async Task Candidates_of_a_plain_reranker_are_scored_by_their_texts()
    {
        var inner = new FakeInnerReranker([]);
        using var opened = new OpenedReranker(inner, s_plan);

        var scores = await opened.ScoreCandidatesAsync("q", [new RerankCandidate("abc", 9, 0), new RerankCandidate("de", 5, 1)]);

        Assert.That(inner.TextCalls.Single(), Is.EqualTo(new[] { "abc", "de" }));
        Assert.That(scores, Is.EqualTo(new float[] { 3, 2 }));
    }

    [Test]
    public void Statistics_are_the_inner_rerankers_when_it_keeps_them()
    {
        var inner = new FakeCandidateReranker([]);
        using var withStatistics = new OpenedReranker(inner, s_plan);
        using var without = new OpenedReranker(new FakeInnerReranker([]), s_plan);

        Assert.That(withStatistics.Statistics, Is.SameAs(inner.Statistics));
        Assert.That(without.Statistics.ForwardPasses, Is.Zero);
    }

    [Test]
    public void Plan_and_description_are_exposed()
    {
        var inner = new FakeInnerReranker([]);
        using var opened = new OpenedReranker(inner, s_plan);

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.CrossEncoder));
        Assert.That(opened.ModelDirectory, Is.EqualTo("/models/fake"));
        Assert.That(opened.Description, Is.SameAs(inner.Description));
        Assert.That(opened.Inner, Is.SameAs(inner));
    }

    [Test]
    public void An_opened_LLM_reranker_owns_the_decoder_it_loaded()
    {
        // Scoring through a disposed ONNX session crashes the process, so ownership is shown by what Dispose will
        // dispose (Dispose_disposes_the_reranker_then_the_models_in_order_and_only_once shows that it does).
        using var opened = Rerankers.Open(LlmTestModels.OracleYes, new RerankerOpenOptions { Method = RerankMethod.Pointwise });

        Assert.That(opened.Owned, Has.Count.EqualTo(1));
        Assert.That(opened.Owned[0], Is.InstanceOf<DecoderOnlyModel>());
    }

    [Test]
    public void An_opened_T5_listwise_reranker_owns_the_T5_it_loaded()
    {
        var folder = OpenTestModels.T5Folder(T5TestModels.Oracle);
        try
        {
            using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Manifest = Path.Combine(folder, "listwise.json") });

            Assert.That(opened.Owned.Single(), Is.InstanceOf<T5PromptLabelModel>());
        }
        finally
        {
            OpenTestModels.Delete(folder);
        }
    }

    [Test]
    public void An_opened_cross_encoder_owns_itself()
    {
        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel);

        Assert.That(opened.Owned.Single(), Is.SameAs(opened.Inner));
    }

    [Test]
    public void OpenAsync_with_a_cancelled_token_is_cancelled()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.That(async () => await Rerankers.OpenAsync(LlmTestModels.OracleYes, new RerankerOpenOptions { Method = RerankMethod.Pointwise }, source.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task OpenAsync_opens_as_Open_does()
    {
        using var opened = await Rerankers.OpenAsync(LlmTestModels.OracleYes, new RerankerOpenOptions { Method = RerankMethod.Pointwise });

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.Pointwise));
        Assert.That(await opened.ScoreAsync("mice", ["cancer", "mice"]), Has.Length.EqualTo(2));
    }
}

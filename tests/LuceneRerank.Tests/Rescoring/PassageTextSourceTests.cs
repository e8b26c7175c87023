using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring;

public sealed class PassageTextSourceTests
{
    [Test]
    public void Fields_are_joined_in_the_configured_order_with_the_separator()
    {
        using var index = new TestIndex(new[] { ("text", "the body"), ("title", "The Title") });
        var source = new PassageTextSource("title", "text") { Separator = " | " };

        Assert.That(source.Read(index.Searcher, 0), Is.EqualTo("The Title | the body"));
        Assert.That(new PassageTextSource("title", "text").Read(index.Searcher, 0), Is.EqualTo("The Title\nthe body"));
    }

    [Test]
    public void Every_value_of_a_multi_valued_field_is_read_and_a_missing_field_is_skipped()
    {
        using var index = new TestIndex(new[] { ("text", "one"), ("text", "two") });

        Assert.That(new PassageTextSource("title", "text").Read(index.Searcher, 0), Is.EqualTo("one\ntwo"));
    }

    [Test]
    public async Task A_one_megabyte_passage_is_cut_to_MaxCharacters_before_it_reaches_the_reranker()
    {
        var huge = "score=7 " + new string('x', 1_048_576);
        using var index = TestIndex.WithTexts(huge, "small score=1");
        var reranker = new ScriptedReranker();
        var options = new NeuralRescorerOptions { TextSource = new PassageTextSource("text") { MaxCharacters = 1000 } };

        var result = await new NeuralRescorer(reranker, options).RescoreAsync(
            index.Searcher, TestIndex.FirstPass(2, (1, 2f), (0, 1f)), "q", 2);

        var passages = reranker.Calls.Single().Passages;
        Assert.That(passages[1], Has.Length.EqualTo(1000));
        Assert.That(passages[1], Is.EqualTo(huge[..1000]));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(new PassageTextSource("text").Read(index.Searcher, 0), Has.Length.EqualTo(PassageTextSource.DefaultMaxCharacters));
    }

    [Test]
    public void The_cut_never_splits_a_surrogate_pair()
    {
        using var index = TestIndex.WithTexts("ab\U0001F600cd");
        var source = new PassageTextSource("text") { MaxCharacters = 3 };

        Assert.That(source.Read(index.Searcher, 0), Is.EqualTo("ab"));
    }

    [Test]
    public async Task An_empty_passage_is_given_to_the_reranker_as_the_empty_string()
    {
        using var index = TestIndex.WithTexts("", "full score=2");
        var reranker = new ScriptedReranker(t => t.Length == 0 ? -1f : ScriptedReranker.ScoreFromText(t));

        var result = await new NeuralRescorer(reranker).RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 5f), (1, 4f)), "q", 2);

        Assert.That(reranker.Calls.Single().Passages, Is.EqualTo(new[] { "", "full score=2" }));
        Assert.That(result.TopDocs.ScoreDocs.Select(s => (s.Doc, s.Score)), Is.EqualTo(new[] { (1, 2f), (0, -1f) }));
    }

    [Test]
    public async Task A_document_without_the_configured_fields_gets_an_empty_passage_by_default()
    {
        using var index = new TestIndex(new[] { ("other", "no text here") }, new[] { ("text", "score=3") });
        var reranker = new ScriptedReranker(t => t.Length == 0 ? -1f : ScriptedReranker.ScoreFromText(t));

        var result = await new NeuralRescorer(reranker).RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 5f), (1, 4f)), "q", 2);

        Assert.That(new PassageTextSource("text").MissingFields, Is.EqualTo(MissingFieldsPolicy.EmptyPassage));
        Assert.That(reranker.Calls.Single().Passages[0], Is.Empty);
        Assert.That(result.TopDocs.ScoreDocs.Select(s => s.Doc), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public async Task A_document_without_the_configured_fields_is_a_clear_error_when_asked_even_with_fallback()
    {
        using var index = new TestIndex(new[] { ("text", "score=3") }, new[] { ("other", "no text here") });
        var reranker = new ScriptedReranker();
        var options = new NeuralRescorerOptions
        {
            TextSource = new PassageTextSource("title", "text") { MissingFields = MissingFieldsPolicy.Throw },
            FailurePolicy = FailurePolicy.FallBackToFirstPass,
        };

        var error = await Assert.ThrowsAsync<MissingStoredFieldsException>(() =>
            new NeuralRescorer(reranker, options).RescoreAsync(index.Searcher, TestIndex.FirstPass(2, (0, 5f), (1, 4f)), "q", 2));

        Assert.That(error!.DocId, Is.EqualTo(1));
        Assert.That(error.Message, Does.StartWith("Document 1 has none of the stored fields [title, text]"));
        Assert.That(reranker.Calls, Is.Empty);
    }

    [Test]
    public void Bad_configurations_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => _ = new PassageTextSource());
        Assert.Throws<ArgumentException>(() => _ = new PassageTextSource("text", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PassageTextSource("text") { MaxCharacters = 0 });
    }
}

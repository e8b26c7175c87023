using LuceneRerank.LateInteraction;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary><c>--reranker colbert</c> and <c>--late-interaction</c>: query-time reranking end to end, the stored seam, misuse.</summary>
public sealed class ColBertLateInteractionTests
{
    private static readonly string[] s_documents = ["d1", "d2", "d3", "d4"];
    private static readonly string[] s_texts = ["Report mice", "Report cancer cancer", "Report cancer cancer cancer", "Report cancer cancer cancer cancer"];
    private RerankerTestBed _bed = null!;

    [OneTimeSetUp]
    public void Build() => _bed = new RerankerTestBed();

    [OneTimeTearDown]
    public void Delete() => _bed.Dispose();

    [TestCase("--reranker", "colbert", "--late-interaction", "query-time")]
    [TestCase("--late-interaction", "query-time")]
    [TestCase("--reranker", "colbert")]
    public void Query_time_colbert_ranks_as_the_reranker_scores(params string[] options)
    {
        var (console, ranking) = _bed.Search([.. options, "--model", GeneratedColBertModels.PyLateLayout]);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        using var reranker = ColBertReranker.Create(GeneratedColBertModels.PyLateLayout);
        var scores = reranker.Score(RerankerTestBed.Query, s_texts);
        var expected = s_documents.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First).ToArray();
        Assert.That(ranking, Is.EqualTo(expected));
        Assert.That(console.Output, Does.Contain("reranked by pylate-layout"));
    }

    [Test]
    public void Stored_mode_on_an_index_without_embeddings_names_how_to_add_them()
    {
        var (console, _) = _bed.Search("--reranker", "colbert", "--late-interaction", "stored", "--model", GeneratedColBertModels.PyLateLayout);

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("stores no ColBERT token embeddings").And.Contain("lrr-index embed").And.Contain("--late-interaction query-time"));
    }

    [TestCase(new[] { "--late-interaction", "query-time", "--reranker", "cross-encoder" }, "--late-interaction is for --reranker colbert, not cross-encoder")]
    [TestCase(new[] { "--late-interaction", "sometimes" }, "sometimes")]
    public void Misused_late_interaction_is_refused(string[] options, string message)
    {
        var (console, _) = _bed.Search([.. options, "--model", GeneratedColBertModels.PyLateLayout]);

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain(message));
    }

    [Test]
    public void Late_interaction_without_a_model_is_refused()
    {
        var (console, _) = _bed.Search("--late-interaction", "query-time");

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("--late-interaction needs --model"));
    }
}

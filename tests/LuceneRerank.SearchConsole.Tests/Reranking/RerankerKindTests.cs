using LuceneRerank.Reranking;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary>
/// Every <c>--reranker</c> kind builds through the console and reranks a tiny index end to end with the test models:
/// the oracle models (whose preferred order is known, see <see cref="RerankerTestBed"/>) turn BM25's order around.
/// </summary>
public sealed class RerankerKindTests
{
    private RerankerTestBed _bed = null!;

    [OneTimeSetUp]
    public void Build() => _bed = new RerankerTestBed();

    [OneTimeTearDown]
    public void Delete() => _bed.Dispose();

    [Test]
    public void BM25_puts_d1_first_so_that_the_oracles_must_reorder()
    {
        var (console, ranking) = _bed.Search();

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Has.Length.EqualTo(4));
        Assert.That(ranking[0], Is.EqualTo("d1"));
        Assert.That(ranking, Is.Not.EqualTo(RerankerTestBed.OracleOrder));
    }

    [TestCase("monot5", "monot5.json")]
    [TestCase("rankt5", "rankt5.json")]
    [TestCase("listwise", "listwise.json")]
    [TestCase("pairwise", "pairwise.json")]
    public void T5_oracle_kinds_rerank_to_the_oracle_order(string kind, string manifest)
    {
        var (console, ranking) = _bed.Search("--reranker", kind, "--model", _bed.T5Oracle, "--manifest", Path.Combine(_bed.T5Oracle, manifest));

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
        Assert.That(console.Output, Does.Contain("reranked by oracle-t5"));
        Assert.That(console.Output, Does.Contain("provider CPU, window 100"));
    }

    [Test]
    public void Pointwise_on_the_yes_oracle_with_the_default_manifest_reranks_to_the_oracle_order()
    {
        var (console, ranking) = _bed.Search("--reranker", "pointwise", "--model", LlmTestModels.OracleYes);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
        Assert.That(console.Output, Does.Contain("reranked by Qwen/Qwen3-Reranker-0.6B (pointwise yes/no) (provider CPU"),
            "no --manifest: the kind's default manifest from models/");
    }

    [Test]
    public void Query_likelihood_on_the_copy_oracle_with_the_default_manifest_reranks_to_the_oracle_order()
    {
        var (console, ranking) = _bed.Search("--reranker", "query-likelihood", "--model", LlmTestModels.OracleCopy);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
        Assert.That(console.Output, Does.Contain("Qwen/Qwen3-0.6B (query likelihood) (provider CPU"));
        Assert.That(console.Output, Does.Not.Contain("(query likelihood) (query likelihood)"));
    }

    [Test]
    public async Task Cross_encoder_ranks_the_hits_by_the_models_own_scores()
    {
        var model = GeneratedModels.XenovaOneLabel;
        var (console, ranking) = _bed.Search("--reranker", "cross-encoder", "--model", model);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        using var reranker = CrossEncoderReranker.Create(model);
        var ids = new[] { "d1", "d2", "d3", "d4" };
        var texts = new[] { "Report mice", "Report cancer cancer", "Report cancer cancer cancer", "Report cancer cancer cancer cancer" };
        var scores = await reranker.ScoreAsync(RerankerTestBed.Query, texts);
        var expected = ids.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First).ToArray();
        Assert.That(ranking, Is.EqualTo(expected));
        Assert.That(console.Output, Does.Contain("reranked by xenova-layout-1-label (provider CPU"));
    }

    [Test]
    public void The_kind_defaults_to_the_model_directorys_lrr_model_json()
    {
        var model = Path.Combine(_bed.Corpus.Root, "pulled-t5");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.EnumerateFiles(_bed.T5Oracle))
        {
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)), overwrite: true);
        }

        File.Copy(Path.Combine(_bed.T5Oracle, "rankt5.json"), Path.Combine(model, "lrr-model.json"), overwrite: true);

        var (console, ranking) = _bed.Search("--model", model);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        Assert.That(ranking, Is.EqualTo(RerankerTestBed.OracleOrder));
        Assert.That(console.Output, Does.Contain("reranked by oracle-t5 (RankT5 scoring)"));
    }
}

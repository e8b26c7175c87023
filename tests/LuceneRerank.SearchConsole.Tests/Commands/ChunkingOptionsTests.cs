using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary><c>--chunking</c>, <c>--chunk-size</c>, <c>--chunk-stride</c> of <c>lrr-search</c> with a generated random cross-encoder.</summary>
public sealed class ChunkingOptionsTests
{
    private static string Model => GeneratedModels.XenovaOneLabel;

    [Test]
    public void Max_chunking_scores_each_hit_at_least_as_its_first_chunk()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("topics.tsv", "1\tenergy");
        var first = Path.Combine(corpus.Root, "first.txt");
        var max = Path.Combine(corpus.Root, "max.txt");

        var firstRun = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", first, "--model", Model,
            "--chunking", "first", "--chunk-size", "4");
        var maxRun = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", max, "--model", Model,
            "--chunking", "max", "--chunk-size", "4", "--chunk-stride", "2");

        Assert.That(firstRun.ExitCode, Is.EqualTo(0), firstRun.Error);
        Assert.That(maxRun.ExitCode, Is.EqualTo(0), maxRun.Error);
        var firstScores = TrecRunReader.Read(first)["1"].ToDictionary(e => e.DocumentId, e => e.Score);
        var maxScores = TrecRunReader.Read(max)["1"].ToDictionary(e => e.DocumentId, e => e.Score);
        Assert.That(maxScores.Keys, Is.EquivalentTo(firstScores.Keys));
        Assert.That(maxScores.Keys, Has.Count.EqualTo(2), "both energy passages are reranked");
        foreach (var doc in maxScores.Keys)
        {
            Assert.That(maxScores[doc], Is.GreaterThanOrEqualTo(firstScores[doc] - 1e-5), doc);
        }

        Assert.That(maxScores.Keys.Any(d => maxScores[d] > firstScores[d] + 1e-5), "a later chunk scored higher somewhere");
    }

    [TestCase("--chunking", "avg", "--chunking: chunking 'avg' is not first, max or mean-top-K")]
    [TestCase("--chunking", "mean-top-0", "is not first, max or mean-top-K")]
    [TestCase("--chunk-size", "0", "--chunk-size must be at least 1, not 0")]
    [TestCase("--chunk-stride", "-2", "--chunk-stride must be at least 1, not -2")]
    public void Bad_chunking_values_are_refused_with_a_clear_message(string option, string value, string message)
    {
        using var corpus = new SmallCorpus();

        var result = ConsoleRun.Run("--index", corpus.Index, "--model", Model, option, value);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error + result.Output, Does.Contain(message));
    }

    [Test]
    public void A_stride_above_the_chunk_size_is_refused()
    {
        using var corpus = new SmallCorpus();

        var result = ConsoleRun.Run("--index", corpus.Index, "--model", Model, "--chunking", "max", "--chunk-size", "8", "--chunk-stride", "9");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error + result.Output, Does.Contain("--chunk-stride 9 is larger than --chunk-size 8"));
    }

    [Test]
    public void Chunking_without_a_model_is_refused()
    {
        using var corpus = new SmallCorpus();

        var result = ConsoleRun.Run("--index", corpus.Index, "--chunking", "max");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error + result.Output, Does.Contain("--chunking, --chunk-size and --chunk-stride need --model"));
    }
}

using LuceneRerank.SearchConsole.Commands;
using LuceneRerank.Testing;

namespace LuceneRerank.SearchConsole.Tests.Commands;

public sealed class PairScorerTests
{
    [Test]
    public async Task Prints_one_raw_score_per_pair_in_input_order_with_one_model_call_per_query()
    {
        var reranker = new TextScoreReranker();
        var pairs = new[]
        {
            new ScorePair("q1", "a score=3"), new ScorePair("q2", "b score=10"), new ScorePair("q1", "c\twith tab score=7"),
            new ScorePair("q1", "no number"),
        };
        using var output = new StringWriter();

        await PairScorer.ScoreAsync(reranker, pairs, output, CancellationToken.None);

        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "3", "10", "7", "-100" }));
        Assert.That(reranker.Calls, Is.EqualTo(new[] { new[] { "a score=3", "c\twith tab score=7", "no number" }, new[] { "b score=10" } }));
    }

    [Test]
    public void The_pairs_file_splits_at_the_first_tab_and_accepts_CRLF()
    {
        var directory = TestPaths.NewTempDirectory();
        var path = Path.Combine(directory, "pairs.tsv");
        File.WriteAllText(path, "what is x\tx is a letter\r\nq\tpassage\twith tab\n");

        var pairs = PairsFileReader.Read(path);

        Assert.That(pairs, Is.EqualTo(new[] { new ScorePair("what is x", "x is a letter"), new ScorePair("q", "passage\twith tab") }));
        Directory.Delete(directory, recursive: true);
    }

    [TestCase("q\tp\nno tab here\n", ":2: expected query<TAB>passage, found no tab")]
    [TestCase("q\tp\n\nq\tp\n", ":2: expected query<TAB>passage, found an empty line")]
    public void A_bad_line_is_named_with_file_and_line(string content, string message)
    {
        var directory = TestPaths.NewTempDirectory();
        var path = Path.Combine(directory, "pairs.tsv");
        File.WriteAllText(path, content);

        var error = Assert.Throws<FormatException>(() => PairsFileReader.Read(path));

        Assert.That(error!.Message, Is.EqualTo(path + message));
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void A_missing_pairs_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PairsFileReader.Read("/nonexistent/pairs.tsv"));
        Assert.That(error!.Message, Does.Contain("/nonexistent/pairs.tsv"));
    }
}

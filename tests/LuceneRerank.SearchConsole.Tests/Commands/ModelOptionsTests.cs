using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary><c>--model</c>, <c>--window</c>, <c>--fusion</c> and <c>lrr-search score</c> with a generated random cross-encoder.</summary>
public sealed class ModelOptionsTests
{
    private static string Model => GeneratedModels.XenovaOneLabel;

    [Test]
    public async Task Score_prints_the_raw_score_of_each_pair_in_input_order()
    {
        using var corpus = new SmallCorpus();
        (string Query, string Passage)[] pairs =
        [
            ("how do plants make energy", "Plants turn light into chemical energy in chloroplasts."),
            ("volcano", "Lava flows from volcanoes during eruptions."),
            ("how do plants make energy", "Mitochondria produce energy for the cell."),
            ("volcano", ""),
        ];
        var path = corpus.Write("pairs.tsv", pairs.Select(p => p.Query + "\t" + p.Passage).ToArray());

        var result = ConsoleRun.Run("score", "--model", Model, "--pairs", path);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var printed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => float.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var reranker = CrossEncoderReranker.Create(Model);
        Assert.That(printed, Has.Length.EqualTo(pairs.Length));
        for (var i = 0; i < pairs.Length; i++)
        {
            var alone = (await reranker.ScoreAsync(pairs[i].Query, new[] { pairs[i].Passage }))[0];
            Assert.That(printed[i], Is.EqualTo(alone).Within(1e-5), $"pair {i + 1} scored alone");
        }
    }

    [Test]
    public void Score_names_a_missing_model_directory()
    {
        using var corpus = new SmallCorpus();
        var pairs = corpus.Write("pairs.tsv", "q\tp");
        var missing = Path.Combine(corpus.Root, "no-model");

        var result = ConsoleRun.Run("score", "--model", missing, "--pairs", pairs);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(missing));
    }

    [Test]
    public void Score_names_the_bad_line_of_the_pairs_file()
    {
        using var corpus = new SmallCorpus();
        var pairs = corpus.Write("pairs.tsv", "q\tp", "no tab");

        var result = ConsoleRun.Run("score", "--model", Model, "--pairs", pairs);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(pairs + ":2: expected query<TAB>passage"));
    }

    [Test]
    public void Batch_search_with_a_model_reranks_and_reports_the_time_split()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("topics.tsv", "1\tenergy", "2\tlava eruptions");
        var qrels = corpus.Write("qrels.txt", "1 0 d1 1", "2 0 d3 1");
        var runPath = Path.Combine(corpus.Root, "run.txt");

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--qrels", qrels, "--run-out", runPath,
            "--model", Model, "--window", "1", "--fusion", "minmax:0.5,0.5");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("reranked by xenova-layout-1-label (provider CPU, window 1, fusion NormalizedLinear (MinMax"));
        Assert.That(result.Output, Does.Match(@"rescoring\s+[0-9.]+ s"));
        Assert.That(result.Output, Does.Match(@"tokenise\s+[0-9.]+ s"));
        Assert.That(result.Output, Does.Match(@"inference\s+[0-9.]+ s"));
        var bm25Path = Path.Combine(corpus.Root, "bm25.txt");
        Assert.That(ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--run-out", bm25Path).ExitCode, Is.EqualTo(0));
        var run = TrecRunReader.Read(runPath);
        var bm25 = TrecRunReader.Read(bm25Path);
        Assert.That(run["1"].Select(e => e.DocumentId).ToArray(), Has.Length.EqualTo(2), "both energy hits are kept beyond the window");
        Assert.That(run["1"].Select(e => e.DocumentId), Is.EqualTo(bm25["1"].Select(e => e.DocumentId)), "a window of one cannot reorder");
    }

    [TestCase("--fusion", "cosine", "Unknown fusion 'cosine'")]
    [TestCase("--window", "0", "--window must be positive")]
    public void Bad_reranking_options_are_refused_with_a_clear_message(string option, string value, string message)
    {
        using var corpus = new SmallCorpus();

        var result = ConsoleRun.Run("--index", corpus.Index, "--model", Model, option, value);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error + result.Output, Does.Contain(message));
    }

    [Test]
    public void A_model_directory_without_a_model_is_a_one_line_error()
    {
        using var corpus = new SmallCorpus();
        var queries = corpus.Write("topics.tsv", "1\tenergy");
        var empty = Directory.CreateDirectory(Path.Combine(corpus.Root, "empty-model")).FullName;

        var result = ConsoleRun.Run("--index", corpus.Index, "--queries", queries, "--model", empty);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.StartWith("error: "));
        Assert.That(result.Error, Does.Contain(empty));
    }
}

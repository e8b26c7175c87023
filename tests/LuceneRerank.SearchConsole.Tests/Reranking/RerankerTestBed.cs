using LuceneRerank.SearchConsole.Tests.Commands;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary>
/// A tiny index whose BM25 order for <see cref="Query"/> is the reverse of what every oracle test model prefers, and a
/// copy of the oracle T5 with its <c>spiece.model</c> (the committed test models share one, one folder up).
/// </summary>
/// <remarks>
/// All titles are "Report". d1's text is "mice"; d2, d3, d4 hold "cancer" 2, 3 and 4 times. For the query
/// "mice cancer", BM25 puts d1 first ("mice" is in one document, "cancer" in three). Every oracle prefers more "cancer"
/// tokens: the T5 oracle's monoT5/RankT5/label logits count the key word "cancer" (d4 4+1, d3 3+1, d2 2+1, d1 0+1 with
/// the query's); the yes-oracle's pointwise score grows with the pairs of equal prompt tokens (d4 10, d3 6, d2 3,
/// d1 2: one "mice" pair and one "cancer" pair); the copy oracle's query likelihood sums how often each query token
/// occurred before it (d4 4, d3 3, d2 2, d1 1, up to a normaliser that changes by less than 1e-3). So each reranks the
/// four hits to d4, d3, d2, d1.
/// </remarks>
internal sealed class RerankerTestBed : IDisposable
{
    public const string Query = "mice cancer";

    public static readonly string[] OracleOrder = ["d4", "d3", "d2", "d1"];

    public RerankerTestBed()
    {
        Corpus = new SmallCorpus();
        var corpus = Corpus.Write("oracle-corpus.jsonl",
            """{"_id": "d1", "title": "Report", "text": "mice"}""",
            """{"_id": "d2", "title": "Report", "text": "cancer cancer"}""",
            """{"_id": "d3", "title": "Report", "text": "cancer cancer cancer"}""",
            """{"_id": "d4", "title": "Report", "text": "cancer cancer cancer cancer"}""");
        Index = Path.Combine(Corpus.Root, "oracle-index");
        IndexBuilder.Build(corpus, Index);
        Topics = Corpus.Write("oracle-topics.tsv", "1\t" + Query);
        T5Oracle = Path.Combine(Corpus.Root, "oracle-t5");
        Directory.CreateDirectory(T5Oracle);
        foreach (var file in Directory.EnumerateFiles(T5TestModels.Oracle))
        {
            File.Copy(file, Path.Combine(T5Oracle, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(T5TestModels.Folder, "spiece.model"), Path.Combine(T5Oracle, "spiece.model"));
    }

    public SmallCorpus Corpus { get; }

    public string Index { get; }

    public string Topics { get; }

    /// <summary>The oracle T5 with spiece.model beside it, and its manifests monot5.json, rankt5.json, listwise.json, pairwise.json.</summary>
    public string T5Oracle { get; }

    /// <summary>Runs a batch search of <see cref="Query"/> with <paramref name="options"/> and returns the console run and the ranked ids.</summary>
    public (ConsoleRun Console, string[] Ranking) Search(params string[] options)
    {
        var runPath = Path.Combine(Corpus.Root, $"run-{Guid.NewGuid():N}.txt");
        var console = ConsoleRun.Run(["--index", Index, "--queries", Topics, "--run-out", runPath, .. options]);
        var ranking = console.ExitCode == 0 ? TrecRunReader.Read(runPath)["1"].Select(e => e.DocumentId).ToArray() : [];
        return (console, ranking);
    }

    public void Dispose() => Corpus.Dispose();
}

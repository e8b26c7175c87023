using LuceneRerank.LateInteraction;
using LuceneRerank.SearchConsole.Tests.Commands;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.SearchConsole.Tests.Reranking;

/// <summary><c>--late-interaction stored</c> end to end: an index built with embeddings ranks as MaxSim scores; another model's index is refused.</summary>
public sealed class StoredLateInteractionTests
{
    private static readonly string[] s_documents = ["d1", "d2", "d3", "d4"];
    private static readonly string[] s_texts = ["Report mice", "Report cancer cancer", "Report cancer cancer cancer", "Report cancer cancer cancer cancer"];
    private SmallCorpus _files = null!;
    private string _corpus = null!;
    private string _topics = null!;

    [OneTimeSetUp]
    public void Write()
    {
        _files = new SmallCorpus();
        _corpus = _files.Write("corpus.jsonl", s_documents.Select((id, i) =>
            $$"""{"_id": "{{id}}", "title": "Report", "text": "{{s_texts[i]["Report ".Length..]}}"}""").ToArray());
        _topics = _files.Write("topics.tsv", "1\tmice cancer");
    }

    [OneTimeTearDown]
    public void Delete() => _files.Dispose();

    [Test]
    public void Stored_float32_embeddings_rank_as_maxsim_scores()
    {
        var index = Build("f32-index", GeneratedColBertModels.PyLateLayout, EmbeddingEncoding.Float32);

        var (console, ranking) = Search(index, GeneratedColBertModels.PyLateLayout);

        Assert.That(console.ExitCode, Is.EqualTo(0), console.Error);
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        var query = encoder.EncodeQuery("mice cancer");
        var scores = encoder.EncodeDocuments(s_texts).Select(d => MaxSim.Score(query, d)).ToArray();
        Assert.That(ranking, Is.EqualTo(s_documents.Zip(scores).OrderByDescending(p => p.Second).Select(p => p.First).ToArray()));
        Assert.That(console.Output, Does.Contain("stored token embeddings"));
    }

    [Test]
    public void Another_models_embeddings_are_refused()
    {
        var index = Build("v2-index", GeneratedColBertModels.ColBertV2Layout, EmbeddingEncoding.Float16);

        var (console, _) = Search(index, GeneratedColBertModels.PyLateLayout);

        Assert.That(console.ExitCode, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("were made by the ColBERT model colbertv2-layout").And.Contain("lrr-index embed"));
    }

    private string Build(string name, string model, EmbeddingEncoding encoding)
    {
        var index = Path.Combine(_files.Root, name);
        IndexBuilder.Build(_corpus, index, new IndexBuildOptions { Embeddings = new EmbeddingBuildOptions(model) { Encoding = encoding } });
        return index;
    }

    private (ConsoleRun Console, string[] Ranking) Search(string index, string model)
    {
        var runPath = Path.Combine(_files.Root, $"run-{Guid.NewGuid():N}.txt");
        var console = ConsoleRun.Run(["--index", index, "--queries", _topics, "--run-out", runPath,
            "--reranker", "colbert", "--late-interaction", "stored", "--model", model]);
        var ranking = console.ExitCode == 0 ? TrecRunReader.Read(runPath)["1"].Select(e => e.DocumentId).ToArray() : [];
        return (console, ranking);
    }
}

using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.IndexTools.Tests.Commands;

/// <summary><c>lrr-index build --colbert-model</c>, <c>lrr-index embed</c> and the embeddings line of <c>stats</c>.</summary>
public sealed class EmbedCommandTests
{
    private static readonly string[] s_corpus =
    [
        """{"_id": "d1", "title": "Cats", "text": "Cats purr and sleep."}""",
        """{"_id": "d2", "title": "Dogs", "text": "Dogs bark at cats."}""",
    ];

    [Test]
    public void BuildWithAModelStoresEmbeddingsAndStatsReportsBytesPerToken()
    {
        using var dir = new TempFiles();
        var index = dir.PathOf("index");

        var build = Cli.Run("build", "--corpus", dir.Write("corpus.jsonl", s_corpus), "--index", index,
            "--colbert-model", GeneratedColBertModels.PyLateLayout, "--embedding-encoding", "i8");

        Assert.That(build.ExitCode, Is.EqualTo(0), build.Error);
        Assert.That(build.Output, Does.Match(@"embeddings\s+colbert_embeddings: pylate-layout \(sha256:[0-9a-f]{64}\), dimension 16, i8\n"));
        // int8 at dimension 16: 20 bytes per token (16 + a 4-byte scale) plus the 16-byte header shared by a document's tokens.
        Assert.That(build.Output, Does.Match(@"tokens\s+\d+ in 2 documents, 2\d\.\d bytes per token"));
        var stats = Cli.Run("stats", "--index", index);
        Assert.That(stats.Output, Does.Match(@"embeddings colbert_embeddings: pylate-layout, dimension 16, i8; \d+ tokens in 2 documents, 2\d\.\d bytes per token"));
    }

    [Test]
    public void EmbedAddsEmbeddingsToAnExistingIndex()
    {
        using var dir = new TempFiles();
        var index = dir.PathOf("index");
        Assert.That(Cli.Run("build", "--corpus", dir.Write("corpus.jsonl", s_corpus), "--index", index).ExitCode, Is.EqualTo(0));

        var embed = Cli.Run("embed", "--index", index, "--colbert-model", GeneratedColBertModels.PyLateLayout);

        Assert.That(embed.ExitCode, Is.EqualTo(0), embed.Error);
        Assert.That(embed.Output, Does.Match(@"documents\s+2\n"));
        Assert.That(embed.Output, Does.Contain("dimension 16, f16"));
        Assert.That(Cli.Run("stats", "--index", index).Output, Does.Contain("embeddings colbert_embeddings: pylate-layout, dimension 16, f16"));
    }

    [Test]
    public void EmbedWithoutAnIndexOrModelFailsClearly()
    {
        using var dir = new TempFiles();
        var missingIndex = Cli.Run("embed", "--index", dir.PathOf("absent"), "--colbert-model", GeneratedColBertModels.PyLateLayout);
        Assert.That(missingIndex.ExitCode, Is.Not.EqualTo(0));
        Assert.That(missingIndex.Error, Does.Contain(dir.PathOf("absent")));

        var noModel = Cli.Run("embed", "--index", dir.PathOf("absent"));
        Assert.That(noModel.ExitCode, Is.Not.EqualTo(0));
        Assert.That(noModel.Error, Does.Contain("--colbert-model"));
    }
}

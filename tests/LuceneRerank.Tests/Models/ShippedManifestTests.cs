using LuceneRerank.Models;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Models;

public sealed class ShippedManifestTests
{
    private static string ModelsDirectory => Path.Combine(TestPaths.RepositoryRoot, "models");

    private static IEnumerable<string> ManifestFiles() =>
        Directory.EnumerateFiles(Path.Combine(FindRoot(), "models"), "*.json")
            .Select(Path.GetFileName)!;

    [TestCaseSource(nameof(ManifestFiles))]
    public void ManifestLoadsAndIsWellFormed(string fileName)
    {
        var manifest = ModelManifestLoader.Load(Path.Combine(ModelsDirectory, fileName));

        Assert.That(ModelManifestLoader.Validate(manifest), Is.Empty);
        Assert.That(manifest.Source.ResolveBaseUrl().Scheme, Is.EqualTo("https"));
        foreach (var file in manifest.Files)
        {
            Assert.That(manifest.FileUrl(file).AbsoluteUri, Does.EndWith(file.Path));
        }

        if (!manifest.IsFullyPinned)
        {
            Assert.That(manifest.ChecksumStatus, Does.StartWith("unpinned"));
        }
        else
        {
            Assert.That(manifest.Source.IsPinnedRevision, Is.True, "pinned hashes need a pinned revision");
        }
    }

    [TestCaseSource(nameof(ManifestFiles))]
    public void PromptIsReadByTheRerankerOfItsKind(string fileName)
    {
        var manifest = ModelManifestLoader.Load(Path.Combine(ModelsDirectory, fileName));

        switch (manifest.Kind)
        {
            case ModelKinds.CrossEncoder:
            case ModelKinds.ColBert:
                Assert.That(manifest.Prompt, Is.Null);
                break;
            case ModelKinds.LlmPointwise:
                Assert.That(PointwisePromptTemplate.FromManifest(manifest).Body, Does.Contain("{document}"));
                break;
            case ModelKinds.LlmQueryLikelihood:
                Assert.That(QueryLikelihoodPromptTemplate.FromManifest(manifest).Continuation, Does.Contain("{query}"));
                break;
            case ModelKinds.LlmListwise:
                Assert.That(ListwisePromptTemplate.FromManifest(manifest).Labels, Has.Count.GreaterThanOrEqualTo(new ListwiseRerankerOptions().Window));
                break;
            case ModelKinds.LlmPairwise:
                Assert.That(PairwisePromptTemplate.FromManifest(manifest).Template, Does.Contain("{passage_a}").And.Contain("{passage_b}"));
                break;
            case ModelKinds.MonoT5:
            case ModelKinds.RankT5:
                Assert.That(T5RerankerSettings.FromManifest(manifest).PromptTemplate, Does.Contain("{document}"));
                break;
            default:
                Assert.Fail($"unexpected kind {manifest.Kind}");
                break;
        }
    }

    [Test]
    public void CatalogListsEveryKindAndFindsLlmAndT5ModelsByAlias()
    {
        var catalog = ModelManifestCatalog.Load(ModelsDirectory);

        Assert.That(catalog.Manifests.Select(m => m.Kind).Distinct(), Is.EquivalentTo(ModelKinds.All));
        Assert.That(catalog.Find("qwen3-reranker").Name, Is.EqualTo("Qwen/Qwen3-Reranker-0.6B"));
        Assert.That(catalog.Find("monot5").Kind, Is.EqualTo(ModelKinds.MonoT5));
        Assert.That(catalog.Find("rankt5-base").Kind, Is.EqualTo(ModelKinds.RankT5));
        Assert.That(catalog.Find("qwen3-0.6b-pairwise").Kind, Is.EqualTo(ModelKinds.LlmPairwise));
    }

    [Test]
    public void CatalogHasTheFourSupportedModelsAndFindsThemByAlias()
    {
        var catalog = ModelManifestCatalog.Load(ModelsDirectory);

        Assert.That(catalog.Manifests.Select(m => m.Name), Is.SupersetOf(new[]
        {
            "cross-encoder/ms-marco-MiniLM-L-6-v2", "cross-encoder/ms-marco-MiniLM-L-12-v2",
            "cross-encoder/ms-marco-TinyBERT-L-2-v2", "BAAI/bge-reranker-base",
        }));
        Assert.That(catalog.Find("ms-marco-minilm-l-6-v2").Name, Is.EqualTo("cross-encoder/ms-marco-MiniLM-L-6-v2"));
        var error = Assert.Throws<KeyNotFoundException>(() => catalog.Find("no-such-model"));
        Assert.That(error!.Message, Does.Contain("no-such-model").And.Contain("BAAI/bge-reranker-base"));
    }

    [Test]
    public void MiniLmL6HashesAreTheOnesPublishedInSharedReadme()
    {
        // Independent source: the hashes recorded in ../shared/README.md for the Xenova export at the same revision.
        var readme = File.ReadAllText(TestPaths.SharedFile("README.md"));
        var manifest = ModelManifestCatalog.Load(ModelsDirectory).Find("cross-encoder/ms-marco-MiniLM-L-6-v2");

        Assert.That(readme, Does.Contain(manifest.Source.Revision!));
        foreach (var file in manifest.Files)
        {
            Assert.That(readme, Does.Contain($"`{file.Path}` {file.Sha256}"), file.Path);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}

using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Models;

public sealed class ShippedManifestTests
{
    private static string ModelsDirectory => Path.Combine(TestPaths.RepositoryRoot, "models");

    private static IEnumerable<string> ManifestFiles() =>
        Directory.EnumerateFiles(Path.Combine(FindRoot(), "models"), "*.json")
            .Where(p => !p.EndsWith(ModelManifestCatalog.PromptManifestSuffix, StringComparison.Ordinal))
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

using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Opening;

/// <summary>Every reranker family opens through <see cref="Rerankers.Open"/> and scores exactly as the family class opened directly.</summary>
public sealed class RerankersFamilyTests
{
    private const string Query = "mice cancer";

    private static readonly string[] s_passages = ["mice", "cancer cancer", "cancer cancer cancer", "a study of cancer in mice"];

    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFolders() => _folders.ForEach(OpenTestModels.Delete);

    [TestCase("xenova-layout-1-label")]
    [TestCase("vocab-txt-2-labels")]
    [TestCase("xlm-roberta-1-label")]
    public async Task A_cross_encoder_folder_opens_as_a_cross_encoder_and_scores_as_CrossEncoderReranker(string name)
    {
        var folder = Path.Combine(GeneratedModels.Root, name);
        using var direct = CrossEncoderReranker.Create(folder);

        using var opened = Rerankers.Open(folder);
        IReranker reranker = opened;

        Assert.That(opened.Method, Is.EqualTo(RerankMethod.CrossEncoder));
        Assert.That(opened.Inner, Is.InstanceOf<CrossEncoderReranker>());
        Assert.That(opened.Manifest, Is.Null);
        Assert.That(await reranker.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    [Test]
    public async Task Pointwise_opens_with_its_default_manifest_and_scores_as_PointwiseReranker()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var direct = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);

        using var opened = Rerankers.Open(LlmTestModels.OracleYes, new RerankerOpenOptions { Method = RerankMethod.Pointwise });

        Assert.That(opened.Inner, Is.InstanceOf<PointwiseReranker>());
        Assert.That(opened.Manifest!.Name, Is.EqualTo(LlmManifests.Qwen3Reranker.Name));
        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    [Test]
    public async Task Query_likelihood_opens_with_its_default_manifest_and_scores_as_QueryLikelihoodReranker()
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var direct = new QueryLikelihoodReranker(model, LlmManifests.QueryLikelihood);

        using var opened = Rerankers.Open(LlmTestModels.OracleCopy, new RerankerOpenOptions { Method = RerankMethod.QueryLikelihood });

        Assert.That(opened.Inner, Is.InstanceOf<QueryLikelihoodReranker>());
        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    [TestCase(RerankMethod.Listwise)]
    [TestCase(RerankMethod.Pairwise)]
    public async Task Listwise_and_pairwise_open_over_a_decoder_and_score_as_the_family_class(RerankMethod method)
    {
        var manifest = ModelManifestLoader.Load(OpenTestModels.RepositoryManifest(
            method == RerankMethod.Listwise ? "qwen3-0.6b-listwise.json" : "qwen3-0.6b-pairwise.json"));
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        var label = new DecoderPromptLabelModel(model, manifest.Name);
        IReranker direct = method == RerankMethod.Listwise
            ? new ListwiseReranker(label, ListwisePromptTemplate.FromManifest(manifest))
            : new PairwiseReranker(label, PairwisePromptTemplate.FromManifest(manifest));

        using var opened = Rerankers.Open(LlmTestModels.TinyQwen3, new RerankerOpenOptions { Method = method });

        Assert.That(opened.Manifest!.Kind, Is.EqualTo(manifest.Kind));
        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    [TestCase("listwise.json", RerankMethod.Listwise)]
    [TestCase("pairwise.json", RerankMethod.Pairwise)]
    public async Task Listwise_and_pairwise_open_over_a_T5_from_its_folder_manifest(string manifestFile, RerankMethod method)
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Oracle));
        var manifest = ModelManifestLoader.Load(Path.Combine(folder, manifestFile));
        using var t5 = T5PromptLabelModel.Load(folder, manifest.Name, manifest.MaxLength);
        IReranker direct = method == RerankMethod.Listwise
            ? new ListwiseReranker(t5, ListwisePromptTemplate.FromManifest(manifest))
            : new PairwiseReranker(t5, PairwisePromptTemplate.FromManifest(manifest));
        OpenTestModels.WriteFolderManifest(folder, manifest);

        using var opened = Rerankers.Open(folder);

        Assert.That(opened.Method, Is.EqualTo(method));
        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    [TestCase("monot5.json", RerankMethod.MonoT5)]
    [TestCase("rankt5.json", RerankMethod.RankT5)]
    public async Task MonoT5_and_RankT5_open_from_a_manifest_path_with_the_weights_beside_it(string manifestFile, RerankMethod method)
    {
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Tiny));
        using var direct = T5Reranker.Create(T5RerankerSettings.Load(Path.Combine(folder, manifestFile)), folder);

        using var opened = Rerankers.Open(Path.Combine(folder, manifestFile));

        Assert.That(opened.Method, Is.EqualTo(method));
        Assert.That(opened.ModelDirectory, Is.EqualTo(folder));
        Assert.That(opened.Inner, Is.InstanceOf<T5Reranker>());
        Assert.That(await opened.ScoreAsync(Query, s_passages), Is.EqualTo(await direct.ScoreAsync(Query, s_passages)));
    }

    private string Track(string folder)
    {
        _folders.Add(folder);
        return folder;
    }
}

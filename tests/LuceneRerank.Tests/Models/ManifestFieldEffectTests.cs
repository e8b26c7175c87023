using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Models;

/// <summary>
/// Table-driven: each manifest field that changes how a model is run, per kind and engine, is changed and its
/// documented effect checked; a field a kind does not read is refused. <c>maxLength</c> caps the prompt of every method
/// on every engine even when the model itself was opened with a larger cap (the decoder at its config's 512 positions,
/// the T5 label model at 4096).
/// </summary>
public sealed class ManifestFieldEffectTests
{
    private const string Query = "what makes cancer cells spread";

    private static readonly string s_longPassage = string.Join(" ", Enumerable.Repeat("Tumour cells divide quickly, and the protein signals of the cell spread them to other organs.", 40));

    /// <summary>The prompt tokens one method sends under a manifest maxLength.</summary>
    public delegate int PromptLength(int maxLength);

    private static IEnumerable<TestCaseData> MaxLengthCases()
    {
        yield return Case("llm-pointwise", "decoder", 250, 500, PointwiseLength);
        yield return Case("llm-query-likelihood", "decoder", 250, 500, QueryLikelihoodLength);
        yield return Case("llm-listwise", "decoder", 300, 500, DecoderListwiseLength);
        yield return Case("llm-pairwise", "decoder", 250, 500, DecoderPairwiseLength);
        yield return Case("llm-listwise", "T5", 120, 500, T5ListwiseLength);
        yield return Case("llm-pairwise", "T5", 120, 500, T5PairwiseLength);
        yield return Case("monot5", "T5", 60, 500, cap => T5RerankerLength("monot5.json", cap));
        yield return Case("rankt5", "T5", 60, 500, cap => T5RerankerLength("rankt5.json", cap));
        yield return Case("cross-encoder", "BERT", 40, 128, CrossEncoderLength);

        static TestCaseData Case(string kind, string engine, int small, int large, PromptLength length) =>
            new TestCaseData(small, large, length).SetName($"maxLength caps the {kind} prompt on the {engine} engine");
    }

    [TestCaseSource(nameof(MaxLengthCases))]
    public void MaxLengthCapsThePrompt(int small, int large, PromptLength length)
    {
        var capped = length(small);
        var uncapped = length(large);
        Assert.Multiple(() =>
        {
            Assert.That(capped, Is.LessThanOrEqualTo(small), "prompt tokens under the small maxLength");
            Assert.That(uncapped, Is.GreaterThan(small), "the larger maxLength lets the same prompt grow: the field has an effect");
            Assert.That(uncapped, Is.LessThanOrEqualTo(large));
        });
    }

    [Test]
    public void ACrossEncoderManifestWithAPromptIsRefused()
    {
        var json = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "models", "ms-marco-MiniLM-L-6-v2.json"));
        var withPrompt = json.Replace("\"maxLength\":", "\"prompt\": { \"template\": \"{query} {document}\" },\n  \"maxLength\":", StringComparison.Ordinal);
        Assert.That(withPrompt, Is.Not.EqualTo(json));
        var path = Path.Combine(TestPaths.NewTempDirectory(), "ce.json");
        File.WriteAllText(path, withPrompt);
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Load(path));
        Assert.That(error!.Message, Does.Contain("cross-encoder").And.Contain("prompt"));
    }

    [Test]
    public void CrossEncoderOptionsRefuseAManifestOfAnotherKind()
    {
        var error = Assert.Throws<InvalidDataException>(() => CrossEncoderRerankerOptions.FromManifest(LlmManifests.Qwen3Reranker));
        Assert.That(error!.Message, Does.Contain("llm-pointwise").And.Contain("not cross-encoder"));
    }

    [TestCase("llm-listwise")]
    [TestCase("llm-pairwise")]
    public void AManifestMaxLengthBelowOneIsRefusedByTheReranker(string kind)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        var label = new DecoderPromptLabelModel(model);
        var error = kind == "llm-listwise"
            ? Assert.Throws<InvalidDataException>(() => _ = new ListwiseReranker(label, ListwisePromptTemplate.FromManifest(Shipped("qwen3-0.6b-listwise.json")) with { MaxLength = 0 }))
            : Assert.Throws<InvalidDataException>(() => _ = new PairwiseReranker(label, PairwisePromptTemplate.FromManifest(Shipped("qwen3-0.6b-pairwise.json")) with { MaxLength = 0 }));
        Assert.That(error!.Message, Does.Contain("maxLength must be at least 1"));
    }

    [TestCase("decoderStartTokenId", 5)]
    [TestCase("extraIds", 50)]
    [TestCase("tokenBudget", 1024)]
    public void T5LabelModelExtraSettingsAreHonoured(string key, int value)
    {
        var manifest = WithExtra(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "listwise.json")), key, value);
        using var model = T5PromptLabelModel.Load(manifest, T5TestModels.Oracle, SharedTokenizer);
        using var defaults = T5PromptLabelModel.Load(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "listwise.json")), T5TestModels.Oracle, SharedTokenizer);
        switch (key)
        {
            case "decoderStartTokenId":
                Assert.That((model.DecoderStartTokenId, defaults.DecoderStartTokenId), Is.EqualTo((5, 0)));
                break;
            case "extraIds":
                // <extra_id_0> = pieces + extraIds − 1: moves with extraIds.
                Assert.That(defaults.SingleTokenId("<extra_id_0>")! - model.SingleTokenId("<extra_id_0>")!, Is.EqualTo(50));
                break;
            default:
                Assert.That((model.TokenBudget, defaults.TokenBudget), Is.EqualTo((1024L, (long)LuceneRerank.Onnx.TokenBudgets.Cpu)), "unset: the CPU provider's default budget");
                Assert.That(model.MemoryNote, Does.Contain("1024"));
                break;
        }
    }

    [Test]
    public void T5LabelModelRefusesATokenBudgetBelowMaxLength()
    {
        var manifest = WithExtra(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "pairwise.json")), "tokenBudget", 100);
        var error = Assert.Throws<InvalidDataException>(() => T5PromptLabelModel.Load(manifest, T5TestModels.Oracle, SharedTokenizer));
        Assert.That(error!.Message, Does.Contain("extra.tokenBudget (100)").And.Contain("maxLength (512)"));
    }

    [Test]
    public void T5LabelModelOpensTheFilesTheManifestNames()
    {
        var manifest = ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "listwise.json"));
        manifest = manifest with { Files = [.. manifest.Files.Select(f => f.Role == "decoder" ? f with { Path = "renamed_decoder.onnx" } : f)] };
        var folder = GeneratedModels.CopyToTemp(T5TestModels.Oracle);
        File.Copy(Path.Combine(T5TestModels.Folder, "spiece.model"), Path.Combine(folder, "spiece.model"));
        using (T5PromptLabelModel.Load(manifest with { Files = [.. manifest.Files.Where(f => f.Role != "decoder")] }, folder))
        {
            // Opens: the defaults name files that exist.
        }

        var error = Assert.Throws<FileNotFoundException>(() => T5PromptLabelModel.Load(manifest, folder));
        Assert.That(error!.Message, Does.Contain("renamed_decoder.onnx"));
    }

    [Test]
    public void T5LabelModelRefusesAnotherKind()
    {
        var error = Assert.Throws<InvalidDataException>(() => T5PromptLabelModel.Load(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "monot5.json")), T5TestModels.Oracle));
        Assert.That(error!.Message, Does.Contain("monot5").And.Contain("llm-listwise or llm-pairwise"));
    }

    private static T5ModelFiles SharedTokenizer => new() { Tokenizer = Path.Combine("..", "spiece.model") };

    private static ModelManifest Shipped(string file) => ModelManifestLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "models", file));

    private static ModelManifest WithExtra(ModelManifest manifest, string key, int value) =>
        manifest with { Extra = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, int> { [key] = value }) };

    private static int PointwiseLength(int cap)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        return new PointwiseReranker(model, Shipped("qwen3-reranker-0.6b.json") with { MaxLength = cap }).BuildPrompt(Query, s_longPassage).Ids.Length;
    }

    private static int QueryLikelihoodLength(int cap)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        return new QueryLikelihoodReranker(model, Shipped("qwen3-0.6b-query-likelihood.json") with { MaxLength = cap }).BuildInput(Query, s_longPassage).Sequence.Length;
    }

    private static int DecoderListwiseLength(int cap)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        Assert.That(model.MaxLength, Is.EqualTo(512), "opened without a cap: the config's positions");
        var reranker = new ListwiseReranker(new DecoderPromptLabelModel(model), ListwisePromptTemplate.FromManifest(Shipped("qwen3-0.6b-listwise.json") with { MaxLength = cap }));
        return reranker.BuildPrompt(Query, [s_longPassage, s_longPassage, s_longPassage, s_longPassage, s_longPassage]).Length;
    }

    private static int DecoderPairwiseLength(int cap)
    {
        using var model = DecoderOnlyModel.Load(LlmTestModels.TinyQwen3);
        var reranker = new PairwiseReranker(new DecoderPromptLabelModel(model), PairwisePromptTemplate.FromManifest(Shipped("qwen3-0.6b-pairwise.json") with { MaxLength = cap }));
        return reranker.BuildPrompt(Query, s_longPassage, s_longPassage).Length;
    }

    private static int T5ListwiseLength(int cap)
    {
        using var model = T5PromptLabelModel.Load(T5TestModels.Oracle, "oracle", 4096, SharedTokenizer, tokenBudget: 8192);
        var manifest = ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "listwise.json")) with { MaxLength = cap };
        var reranker = new ListwiseReranker(model, ListwisePromptTemplate.FromManifest(manifest), new ListwiseRerankerOptions { Window = 4, Stride = 2 });
        return reranker.BuildPrompt(Query, [s_longPassage, s_longPassage, s_longPassage, s_longPassage]).Length;
    }

    private static int T5PairwiseLength(int cap)
    {
        using var model = T5PromptLabelModel.Load(T5TestModels.Oracle, "oracle", 4096, SharedTokenizer, tokenBudget: 8192);
        var manifest = ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "pairwise.json")) with { MaxLength = cap };
        return new PairwiseReranker(model, PairwisePromptTemplate.FromManifest(manifest)).BuildPrompt(Query, s_longPassage, s_longPassage).Length;
    }

    private static int T5RerankerLength(string file, int cap)
    {
        var manifest = ModelManifestLoader.Load(Path.Combine(T5TestModels.Tiny, file)) with { MaxLength = cap };
        using var reranker = T5Reranker.Create(T5RerankerSettings.FromManifest(manifest) with { Files = SharedTokenizer }, T5TestModels.Tiny);
        return reranker.EncodePrompt(Query, s_longPassage).Length;
    }

    private static int CrossEncoderLength(int cap)
    {
        var manifest = Shipped("ms-marco-MiniLM-L-6-v2.json") with { MaxLength = cap };
        using var reranker = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, CrossEncoderRerankerOptions.FromManifest(manifest));
        return reranker.Encoder.EncodePair(Query, s_longPassage).InputIds.Length;
    }
}

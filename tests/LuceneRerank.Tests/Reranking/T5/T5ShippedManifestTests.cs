using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>The manifests shipped under models/ load and describe the published prompt formats.</summary>
public sealed class T5ShippedManifestTests
{
    [Test]
    public void MonoT5_manifest_has_the_published_prompt_and_labels()
    {
        var manifest = T5RerankerSettings.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "monot5-base-msmarco.json"));
        Assert.That(manifest.Method, Is.EqualTo(T5RerankMethod.MonoT5));
        Assert.That(manifest.PromptTemplate, Is.EqualTo("Query: {query} Document: {document} Relevant:"));
        Assert.That((manifest.PositiveLabel, manifest.NegativeLabel), Is.EqualTo(("true", "false")));
        Assert.That(manifest.Files, Is.EqualTo(new T5ModelFiles { Encoder = "encoder_model.onnx", Decoder = "decoder_model.onnx", Tokenizer = "spiece.model" }));
        Assert.That((manifest.MaxLength, manifest.DecoderStartTokenId, manifest.ExtraIds), Is.EqualTo((512, 0, 100)));
    }

    [Test]
    public void RankT5_manifest_scores_extra_id_10()
    {
        var manifest = T5RerankerSettings.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "rankt5-base.json"));
        Assert.That(manifest.Method, Is.EqualTo(T5RerankMethod.RankT5));
        Assert.That(manifest.RankingToken, Is.EqualTo("<extra_id_10>"));
    }
}

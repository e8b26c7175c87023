using LuceneRerank.Models;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.Reranking.T5;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Opening;

/// <summary>
/// <see cref="RerankerOpenOptions.Precision"/> picks <c>model_fp16.onnx</c> / <c>model_quantized.onnx</c> (in the folder
/// or <c>onnx/</c>) for every family, and names the files looked for when the one asked for is absent.
/// </summary>
public sealed class RerankersPrecisionTests
{
    private static readonly string[] s_passages = ["mice", "cancer cancer", "a study of cancer in mice"];

    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFolders() => _folders.ForEach(OpenTestModels.Delete);

    [TestCase(ModelPrecision.Auto, "onnx/model.onnx")]
    [TestCase(ModelPrecision.Fp32, "onnx/model.onnx")]
    [TestCase(ModelPrecision.Fp16, "onnx/model_fp16.onnx")]
    public void A_cross_encoder_loads_the_file_of_the_precision(ModelPrecision precision, string file)
    {
        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { Precision = precision });

        Assert.That(((CrossEncoderReranker)opened.Inner).Files.ModelPath, Is.EqualTo(Path.Combine(Path.GetFullPath(GeneratedModels.XenovaOneLabel), file)));
    }

    [Test]
    public async Task The_fp16_cross_encoder_scores_as_the_family_class_with_PreferFp16()
    {
        using var direct = CrossEncoderReranker.Create(GeneratedModels.XenovaOneLabel, new CrossEncoderRerankerOptions { PreferFp16 = true });

        using var opened = Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { Precision = ModelPrecision.Fp16 });

        Assert.That(await opened.ScoreAsync("mice cancer", s_passages), Is.EqualTo(await direct.ScoreAsync("mice cancer", s_passages)));
    }

    [Test]
    public void An_absent_precision_file_is_named_with_both_places_looked_in()
    {
        var error = Assert.Throws<FileNotFoundException>(() =>
            Rerankers.Open(GeneratedModels.XenovaOneLabel, new RerankerOpenOptions { Precision = ModelPrecision.Int8 }));

        Assert.That(error!.Message, Does.Contain($"precision Int8 needs model_quantized.onnx or {Path.Combine("onnx", "model_quantized.onnx")} in "));
        Assert.That(error.FileName, Does.EndWith("model_quantized.onnx"));
    }

    [Test]
    public void A_quantized_file_at_the_root_is_found()
    {
        var folder = Track(OpenTestModels.Copy(GeneratedModels.XenovaOneLabel));
        File.Copy(Path.Combine(folder, "onnx", "model.onnx"), Path.Combine(folder, "model_quantized.onnx"));

        using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Precision = ModelPrecision.Int8 });

        Assert.That(((CrossEncoderReranker)opened.Inner).Files.ModelPath, Is.EqualTo(Path.Combine(folder, "model_quantized.onnx")));
    }

    [Test]
    public void Fp32_is_refused_when_only_a_variant_is_there()
    {
        var folder = Track(OpenTestModels.Copy(GeneratedModels.XenovaOneLabel));
        File.Delete(Path.Combine(folder, "onnx", "model.onnx"));

        var error = Assert.Throws<FileNotFoundException>(() => Rerankers.Open(folder, new RerankerOpenOptions { Precision = ModelPrecision.Fp32 }));

        Assert.That(error!.Message, Does.Contain("precision Fp32 needs model.onnx or"));
    }

    [Test]
    public async Task A_decoder_loads_onnx_model_quantized_for_Int8()
    {
        // The "quantized" file is the oracle's own graph moved to onnx/model_quantized.onnx: only Int8 finds it.
        var folder = Track(OpenTestModels.Copy(LlmTestModels.OracleYes));
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.Move(Path.Combine(folder, "model.onnx"), Path.Combine(folder, "onnx", "model_quantized.onnx"));
        using var model = DecoderOnlyModel.Load(LlmTestModels.OracleYes);
        var direct = new PointwiseReranker(model, LlmManifests.Qwen3Reranker);

        using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Method = RerankMethod.Pointwise, Precision = ModelPrecision.Int8 });

        Assert.That(await opened.ScoreAsync("mice cancer", s_passages), Is.EqualTo(await direct.ScoreAsync("mice cancer", s_passages)));
        Assert.Throws<FileNotFoundException>(() => Rerankers.Open(folder, new RerankerOpenOptions { Method = RerankMethod.Pointwise }));
    }

    [Test]
    public async Task A_T5_loads_the_fp16_encoder_and_decoder()
    {
        // The fp16-named files are the tiny T5's own graphs renamed: only Fp16 finds them.
        var folder = Track(OpenTestModels.T5Folder(T5TestModels.Tiny));
        using var direct = T5Reranker.Create(T5RerankerSettings.Load(Path.Combine(folder, "monot5.json")), folder);
        var scores = await direct.ScoreAsync("mice cancer", s_passages);
        direct.Dispose();
        File.Move(Path.Combine(folder, "encoder_model.onnx"), Path.Combine(folder, "encoder_model_fp16.onnx"));
        File.Move(Path.Combine(folder, "decoder_model.onnx"), Path.Combine(folder, "decoder_model_fp16.onnx"));
        OpenTestModels.WriteFolderManifest(folder, ModelManifestLoader.Load(Path.Combine(folder, "monot5.json")));

        using var opened = Rerankers.Open(folder, new RerankerOpenOptions { Precision = ModelPrecision.Fp16 });

        Assert.That(await opened.ScoreAsync("mice cancer", s_passages), Is.EqualTo(scores));
        var error = Assert.Throws<FileNotFoundException>(() => Rerankers.Open(folder, new RerankerOpenOptions { Precision = ModelPrecision.Int8 }));
        Assert.That(error!.Message, Does.Contain("encoder_model_quantized.onnx"));
    }

    private string Track(string folder)
    {
        _folders.Add(folder);
        return folder;
    }
}

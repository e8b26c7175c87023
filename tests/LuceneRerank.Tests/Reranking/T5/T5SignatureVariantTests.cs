using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>
/// Both T5 decoder signatures the runner accepts (with and without <c>encoder_attention_mask</c>; the variant is the
/// tiny T5's decoder with an all-ones mask computed inside, as an export without the input behaves) give, batched,
/// the first-step logits of one input at a time, through the model, monoT5/RankT5 and the listwise/pairwise label model.
/// </summary>
public sealed class T5SignatureVariantTests
{
    private static readonly string[] s_texts =
    [
        "Query: cancer cells Document: Tumour cells divide quickly and spread to other organs. Relevant:",
        "Query: cancer Document: short. Relevant:",
        "Query: protein folding in cells and the chaperones that assist it Document: Chaperones bind unfolded chains. Relevant:",
        "a",
    ];

    private static string Folder(bool withMask)
    {
        var tiny = T5TestModels.Tiny;
        if (withMask)
        {
            return tiny;
        }

        var folder = SignatureVariants.Folder(tiny, "decoder_model.onnx", "encoder_attention_mask");
        var spiece = Path.Combine(Path.GetDirectoryName(folder)!, "spiece.model");
        if (!File.Exists(spiece))
        {
            File.Copy(Path.Combine(T5TestModels.Folder, "spiece.model"), spiece);
        }

        return folder;
    }

    [TestCase(true, TestName = "T5 decoder with encoder_attention_mask: batched logits equal one-at-a-time logits")]
    [TestCase(false, TestName = "T5 decoder without encoder_attention_mask: batched logits equal one-at-a-time logits")]
    public void BatchedFirstStepLogitsEqualOneAtATime(bool withMask)
    {
        var folder = Folder(withMask);
        var tokenizer = T5SentencePieceTokenizer.Load(Path.Combine(T5TestModels.Folder, "spiece.model"));
        using var model = T5EncoderDecoderModel.Load(
            Path.Combine(folder, "encoder_model.onnx"), Path.Combine(folder, "decoder_model.onnx"), new OnnxRuntimeOptions());
        Assert.That(model.DecoderTakesEncoderMask, Is.EqualTo(withMask));
        int[][] inputs = [.. s_texts.Select(t => tokenizer.Encode(t))];
        Assert.That(inputs.Select(i => i.Length).Distinct().Count(), Is.EqualTo(inputs.Length), "lengths must differ so that a batch pads");
        int[] probe = [0, 1, 2, 3, 100, 1000, 4000];
        var statistics = new RerankStatistics();
        var together = model.FirstStepLogits(inputs, 0, 0, probe, statistics);
        for (var i = 0; i < inputs.Length; i++)
        {
            var alone = model.FirstStepLogits([inputs[i]], 0, 0, probe);
            Assert.That(together[i], Is.EqualTo(alone[0]).Within(1e-5), $"input {i}");
        }

        Assert.That(statistics.ForwardPasses, Is.EqualTo(inputs.Length));
    }

    [TestCase(true, TestName = "T5 label model with encoder_attention_mask: batched equals one at a time")]
    [TestCase(false, TestName = "T5 label model without encoder_attention_mask: batched equals one at a time")]
    public void LabelModelBatchedEqualsOneAtATime(bool withMask)
    {
        var folder = Folder(withMask);
        using var model = T5PromptLabelModel.Load(folder, "tiny", 512, new T5ModelFiles { Tokenizer = Path.Combine("..", "spiece.model") });
        var prompts = s_texts.Select(model.Encode).ToArray();
        int[] labels = [.. new[] { "A", "B" }.Select(l => model.SingleTokenId(l) ?? 3)];
        var together = model.LabelLogits(prompts, labels, new RerankStatistics(), CancellationToken.None);
        for (var i = 0; i < prompts.Length; i++)
        {
            var alone = model.LabelLogits([prompts[i]], labels, new RerankStatistics(), CancellationToken.None);
            Assert.That(together[i], Is.EqualTo(alone[0]).Within(1e-5), $"prompt {i}");
        }
    }

    [TestCase(true, "monot5.json", TestName = "monoT5 with encoder_attention_mask: batched scores equal one-at-a-time scores")]
    [TestCase(false, "monot5.json", TestName = "monoT5 without encoder_attention_mask: batched scores equal one-at-a-time scores")]
    [TestCase(true, "rankt5.json", TestName = "RankT5 with encoder_attention_mask: batched scores equal one-at-a-time scores")]
    [TestCase(false, "rankt5.json", TestName = "RankT5 without encoder_attention_mask: batched scores equal one-at-a-time scores")]
    public async Task RerankerBatchedEqualsOneAtATime(bool withMask, string manifest)
    {
        var folder = Folder(withMask);
        var settings = T5TestModels.Settings(T5TestModels.Tiny, manifest);
        using var reranker = T5Reranker.Create(settings, folder);
        string[] passages = ["Tumour cells divide quickly.", "Chaperones bind unfolded protein chains and help them fold.", "x", "Cells."];
        var together = await reranker.ScoreAsync("cancer cells", passages);
        for (var i = 0; i < passages.Length; i++)
        {
            var alone = await reranker.ScoreAsync("cancer cells", [passages[i]]);
            Assert.That(together[i], Is.EqualTo(alone[0]).Within(1e-5), $"passage {i}");
        }
    }
}

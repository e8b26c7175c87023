using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Tests.Reranking.Llm;

namespace LuceneRerank.Tests.Reranking.Generative;

/// <summary>
/// The decoder-only adapter on the llm helper's copy oracle, whose next-token logit of v after a prompt is the number
/// of times v occurs in the prompt (tests/generators/llm-test-models/generate.py).
/// </summary>
public sealed class DecoderPromptLabelModelTests
{
    [Test]
    public void Label_logits_are_the_next_token_logits_after_the_prompt()
    {
        using var decoder = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var model = new DecoderPromptLabelModel(decoder, "copy-oracle");
        var labels = new[] { model.SingleTokenId("A")!.Value, model.SingleTokenId("B")!.Value, model.SingleTokenId("C")!.Value };
        string[] prompts = ["[A] one [B] two [A] three", "B B B", "A"];
        var ids = prompts.Select(model.Encode).ToArray();
        var logits = model.LabelLogits(ids, labels, new RerankStatistics(), CancellationToken.None);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.That(logits[i], Is.EqualTo(labels.Select(l => (float)ids[i].Count(t => t == l)).ToArray()), prompts[i]);
        }

        Assert.That(ids.Sum(p => p.Count(t => labels.Contains(t))), Is.GreaterThanOrEqualTo(3), "the test needs label tokens inside the prompts");
        Assert.That(model.MaxLength, Is.EqualTo(decoder.MaxLength));
    }

    [Test]
    public void The_default_name_is_the_model_folder_also_in_the_onnx_community_layout()
    {
        var folder = Path.Combine(LuceneRerank.Testing.TestPaths.NewTempDirectory(), "my-qwen");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "onnx"));
            foreach (var file in Directory.GetFiles(LlmTestModels.OracleCopy))
            {
                var onnx = file.EndsWith(".onnx", StringComparison.Ordinal) || file.EndsWith(".onnx_data", StringComparison.Ordinal);
                File.Copy(file, Path.Combine(onnx ? Path.Combine(folder, "onnx") : folder, Path.GetFileName(file)));
            }

            using var decoder = DecoderOnlyModel.Load(folder);
            Assert.That(decoder.ModelPath, Is.EqualTo(Path.Combine(folder, "onnx", "model.onnx")));
            Assert.That(new DecoderPromptLabelModel(decoder).Name, Is.EqualTo("my-qwen"));
            using var flat = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
            Assert.That(new DecoderPromptLabelModel(flat).Name, Is.EqualTo("oracle-copy"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Test]
    public async Task Pairwise_on_an_order_blind_model_gives_exact_ties()
    {
        // The copy oracle counts tokens wherever they are, so both orders of a pair give the same Δ: every preference is 0.
        using var decoder = DecoderOnlyModel.Load(LlmTestModels.OracleCopy);
        var reranker = new PairwiseReranker(new DecoderPromptLabelModel(decoder), new PairwisePromptTemplate
        {
            Template = "Query: {query}\nPassage A: {passage_a}\nPassage B: {passage_b}\nAnswer with A or B:",
        });
        var scores = await reranker.ScoreAsync("aspirin", ["A A aspirin", "B fever", "aspirin A"]);
        Assert.That(scores, Is.EqualTo(new float[] { 0, 0, 0 }));
        Assert.That(reranker.Statistics.ForwardPasses, Is.EqualTo(6));
    }
}

using LuceneRerank.Reranking;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking;

/// <summary>
/// Every cross-encoder signature the reranker accepts gives, batched (pairs padded to the longest), the scores of one
/// pair at a time: BERT with <c>token_type_ids</c>, BERT without them (a model exported without the input, and the
/// same weights' graph with the input computed inside as zeros), and XLM-RoBERTa (no <c>token_type_ids</c>).
/// </summary>
public sealed class CrossEncoderSignatureVariantTests
{
    private static readonly string[] s_passages =
    [
        "Tumour cells divide quickly and spread to other organs through the blood and the lymph.",
        "short",
        "Chaperones bind unfolded protein chains.",
        "A much longer passage about protein folding, chaperones, the cell and the many ways in which misfolded chains are cleared by the proteasome.",
    ];

    private static IEnumerable<TestCaseData> Signatures()
    {
        yield return new TestCaseData("with token_type_ids").SetName("cross-encoder with token_type_ids: batched equals one at a time");
        yield return new TestCaseData("exported without token_type_ids").SetName("cross-encoder exported without token_type_ids: batched equals one at a time");
        yield return new TestCaseData("token_type_ids computed inside").SetName("cross-encoder graph computing token_type_ids inside: batched equals one at a time");
        yield return new TestCaseData("xlm-roberta").SetName("XLM-RoBERTa cross-encoder (no token_type_ids): batched equals one at a time");
    }

    [TestCaseSource(nameof(Signatures))]
    public async Task BatchedScoresEqualOneAtATimeScores(string signature)
    {
        var folder = signature switch
        {
            "with token_type_ids" => GeneratedModels.XenovaOneLabel,
            "exported without token_type_ids" => GeneratedModels.NoTokenTypeIds,
            "token_type_ids computed inside" => SignatureVariants.Folder(GeneratedModels.XenovaOneLabel, Path.Combine("onnx", "model.onnx"), "token_type_ids"),
            _ => GeneratedModels.XlmRobertaOneLabel,
        };
        using var batched = CrossEncoderReranker.Create(folder, new CrossEncoderRerankerOptions());
        using var single = CrossEncoderReranker.Create(folder, new CrossEncoderRerankerOptions { MaxBatchSize = 1 });
        var together = await batched.ScoreAsync("what makes cancer cells spread", s_passages);
        for (var i = 0; i < s_passages.Length; i++)
        {
            var alone = await single.ScoreAsync("what makes cancer cells spread", [s_passages[i]]);
            Assert.That(together[i], Is.EqualTo(alone[0]).Within(1e-5), $"passage {i}");
        }
    }
}

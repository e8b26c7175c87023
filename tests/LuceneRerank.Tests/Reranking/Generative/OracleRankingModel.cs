using LuceneRerank.Reranking.Generative;
using LuceneRerank.Models;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;
using LuceneRerank.Tests.Reranking.T5;

namespace LuceneRerank.Tests.Reranking.Generative;

/// <summary>
/// The oracle T5 with its listwise/pairwise prompts (tests/TestModels/T5/oracle/listwise.json, pairwise.json). At the first
/// decoder step the logit of label k (A, B, …) is the number of key-word tokens ("cancer", "protein", "cell") after
/// the k-th label marker and before the next one, i.e. in the k-th passage of the prompt.
/// </summary>
internal static class OracleRankingModel
{
    public static T5PromptLabelModel Open(int maxLength = 512) => T5PromptLabelModel.Load(
        T5TestModels.Oracle, "oracle-t5", maxLength, new T5ModelFiles { Tokenizer = "../spiece.model" });

    public static ListwisePromptTemplate Listwise() =>
        ListwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "listwise.json")));

    public static PairwisePromptTemplate Pairwise() =>
        PairwisePromptTemplate.FromManifest(ModelManifestLoader.Load(Path.Combine(T5TestModels.Oracle, "pairwise.json")));

    /// <summary>A passage with <paramref name="keys"/> key-word tokens.</summary>
    public static string Passage(int keys, string filler = "a study of mice") =>
        string.Join(" ", Enumerable.Repeat("cancer", keys).Prepend(filler));
}

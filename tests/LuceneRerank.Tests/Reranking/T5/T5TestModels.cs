using LuceneRerank.Reranking.T5;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>Paths of the T5 test models made by tests/generators/t5_test_models.py.</summary>
internal static class T5TestModels
{
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "T5");

    public static string Tiny => Path.Combine(Folder, "tiny");

    public static string Oracle => Path.Combine(Folder, "oracle");

    /// <summary>
    /// The T5 settings of a test model manifest (<paramref name="file"/> in <paramref name="folder"/>); the test models
    /// share one spiece.model one folder up, which a manifest's files cannot name (no '..'), so it is set here.
    /// </summary>
    public static T5RerankerSettings Settings(string folder, string file) =>
        T5RerankerSettings.Load(Path.Combine(folder, file)) with { Files = new T5ModelFiles { Tokenizer = Path.Combine("..", "spiece.model") } };

    /// <summary>Opens a test model as <see cref="Settings"/> describes it.</summary>
    public static T5Reranker Load(string folder, string file) => T5Reranker.Create(Settings(folder, file), folder);

    /// <summary>log σ(x): the oracle's monoT5 score when its "true" logit is x and its "false" logit 0.</summary>
    public static float LogSigmoid(double x) => (float)-Math.Log(1 + Math.Exp(-x));
}

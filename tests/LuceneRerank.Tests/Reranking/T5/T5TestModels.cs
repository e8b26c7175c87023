using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.T5;

/// <summary>Paths of the T5 test models made by tests/generators/t5_test_models.py.</summary>
internal static class T5TestModels
{
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "T5");

    public static string Tiny => Path.Combine(Folder, "tiny");

    public static string Oracle => Path.Combine(Folder, "oracle");

    /// <summary>log σ(x): the oracle's monoT5 score when its "true" logit is x and its "false" logit 0.</summary>
    public static float LogSigmoid(double x) => (float)-Math.Log(1 + Math.Exp(-x));
}

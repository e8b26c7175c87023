using System.Diagnostics;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// The small random ColBERT models written by <c>tests/TestModels/generate-colbert-test-models.sh</c> (Debian's python3
/// + numpy + onnx, ../shared's BERT vocabulary) into the git-ignored <c>tests/TestModels/generated-colbert/</c>,
/// generated on first use, each with <c>reference-colbert.json</c> from the independent numpy reference.
/// </summary>
internal static class GeneratedColBertModels
{
    private static readonly Lazy<string> s_root = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Stanford ColBERT layout: artifact.metadata, vocab.txt, model.onnx with token_type_ids, unnormalised output.</summary>
    public static string ColBertV2Layout => Path.Combine(Root, "colbertv2-layout");

    /// <summary>PyLate layout: config_sentence_transformers.json, tokenizer.json with added "[Q] "/"[D] ", onnx/model.onnx normalising.</summary>
    public static string PyLateLayout => Path.Combine(Root, "pylate-layout");

    /// <summary>The folder holding both.</summary>
    public static string Root => s_root.Value;

    private static string Generate()
    {
        TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Ignore("Debian's /usr/bin/python3 (with numpy and onnx) is needed to generate the test models; run tests/install-test-deps.sh");
        }

        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "generate-colbert-test-models.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.Environment["LUCENERERANK_SHARED"] = TestPaths.Shared;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }

        return Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "generated-colbert");
    }
}

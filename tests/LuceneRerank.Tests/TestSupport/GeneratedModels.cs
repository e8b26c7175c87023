using System.Diagnostics;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// The small random cross-encoders written by <c>tests/TestModels/generate-test-models.sh</c> (Debian's python3 +
/// numpy + onnx, ../shared's BERT vocabulary) into the git-ignored <c>tests/TestModels/generated/</c>, generated on
/// first use. Each valid model folder also holds <c>reference-logits.json</c> from the independent numpy forward pass.
/// </summary>
internal static class GeneratedModels
{
    private static readonly Lazy<string> s_root = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Xenova layout: tokenizer.json only, onnx/model.onnx, logits [batch, 1].</summary>
    public static string XenovaOneLabel => Path.Combine(Root, "xenova-layout-1-label");

    /// <summary>vocab.txt, model.onnx at the root, logits [batch, 2].</summary>
    public static string VocabTwoLabels => Path.Combine(Root, "vocab-txt-2-labels");

    /// <summary>No token_type_ids input.</summary>
    public static string NoTokenTypeIds => Path.Combine(Root, "no-token-type-ids");

    /// <summary>An input named input_mask instead of attention_mask.</summary>
    public static string BadNoAttentionMask => Path.Combine(Root, "bad-no-attention-mask");

    /// <summary>Outputs last_hidden_state [batch, sequence, hidden].</summary>
    public static string BadHiddenStateOutput => Path.Combine(Root, "bad-hidden-state-output");

    /// <summary>A 1000-row word embedding with the 30522-token vocabulary.</summary>
    public static string BadVocabMismatch => Path.Combine(Root, "bad-vocab-mismatch");

    /// <summary>The folder holding all generated models.</summary>
    public static string Root => s_root.Value;

    /// <summary>Copies a generated model into a new temporary folder that a test may change.</summary>
    public static string CopyToTemp(string modelDirectory)
    {
        var target = TestPaths.NewTempDirectory();
        foreach (var file in Directory.EnumerateFiles(modelDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(modelDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string Generate()
    {
        TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Ignore("Debian's /usr/bin/python3 (with numpy and onnx) is needed to generate the test models; run tests/install-test-deps.sh");
        }

        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "generate-test-models.sh");
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

        return Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "generated");
    }
}

using System.Diagnostics;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.Llm;

/// <summary>
/// The decoder-only test models (tiny random Qwen3, oracles, no-logits), generated once per test run by
/// <c>tests/generators/llm-test-models/generate.py</c> (Debian's /usr/bin/python3 with numpy and onnx) into a
/// temporary folder; the tiny model's ~20 MB of weights are never committed.
/// </summary>
internal static class LlmTestModels
{
    private static readonly Lazy<string> s_root = new(Generate);

    /// <summary>The random-weight Qwen3-shaped decoder with external data and its numpy reference.</summary>
    public static string TinyQwen3 => Path.Combine(Root, "tiny-qwen3");

    /// <summary>
    /// The generation model: tiny-qwen3's architecture with other weights and an untied head, EOS ids in its configs,
    /// a numpy greedy reference and a float16-cache <c>model_fp16.onnx</c>.
    /// </summary>
    public static string TinyQwen3Gen => Path.Combine(Root, "tiny-qwen3-gen");

    /// <summary>The yes oracle: logits[t, v] = C[t, v] + R[t]·[v = yes] (see generate.py).</summary>
    public static string OracleYes => Path.Combine(Root, "oracle-yes");

    /// <summary>The copy oracle: logits[t, v] = C[t, v], how often v occurred up to t (see generate.py).</summary>
    public static string OracleCopy => Path.Combine(Root, "oracle-copy");

    /// <summary>A graph with the decoder's inputs but no <c>logits</c> output.</summary>
    public static string NoLogits => Path.Combine(Root, "no-logits");

    private static string Root
    {
        get
        {
            _ = TestPaths.SharedFile("models", "qwen3-tokenizer", "tokenizer.json");
            return s_root.Value;
        }
    }

    private static string Generate()
    {
        var output = Path.Combine(Path.GetTempPath(), "lrr-llm-test-models-" + Environment.ProcessId);
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "generators", "llm-test-models", "generate.py");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { script, output, Path.Combine(TestPaths.Shared, "models", "qwen3-tokenizer") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate.py failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return output;
    }
}

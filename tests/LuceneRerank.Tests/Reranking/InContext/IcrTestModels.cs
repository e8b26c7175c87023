using System.Diagnostics;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Reranking.InContext;

/// <summary>
/// The in-context reranking test models (tiny random Qwen3 with attention outputs and its numpy reference, the attention
/// oracle, a graph without attention outputs), generated once per test run by
/// <c>tests/generators/llm-test-models/generate_icr.py</c> (Debian's /usr/bin/python3 with numpy and onnx) into a
/// temporary folder; nothing generated is committed.
/// </summary>
internal static class IcrTestModels
{
    private static readonly Lazy<string> s_root = new(Generate);

    /// <summary>The tiny random Qwen3 exported with <c>attentions.N</c> outputs; <c>icr-reference.json</c> beside it.</summary>
    public static string TinyQwen3Attentions => Path.Combine(Root, "tiny-qwen3-attentions");

    /// <summary>The attention oracle: A[t, k] ∝ exp(4·[id_t = id_k]) over k ≤ t, in 2 layers of 1 head (see generate_icr.py).</summary>
    public static string AttentionOracle => Path.Combine(Root, "attention-oracle");

    /// <summary>The attention oracle with float16 attention outputs.</summary>
    public static string AttentionOracleFp16 => Path.Combine(Root, "attention-oracle-fp16");

    /// <summary>The attention oracle returning only the last 48 rows of each layer's attention.</summary>
    public static string AttentionOracleLastRows => Path.Combine(Root, "attention-oracle-last-rows");

    /// <summary>A decoder graph with <c>logits</c> but no attention outputs.</summary>
    public static string NoAttentions => Path.Combine(Root, "no-attentions");

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
        var output = Path.Combine(Path.GetTempPath(), "lrr-icr-test-models-" + Environment.ProcessId);
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "generators", "llm-test-models", "generate_icr.py");
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
            throw new InvalidOperationException($"generate_icr.py failed ({process.ExitCode}): {stdout}{stderr.Result}");
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

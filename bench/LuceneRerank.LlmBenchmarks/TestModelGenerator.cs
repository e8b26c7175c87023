using System.Diagnostics;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>Runs tests/generators/llm-test-models/generate.py to make the tiny Qwen3-shaped decoder when no model is given.</summary>
internal static class TestModelGenerator
{
    public static string GenerateTinyQwen3(string repositoryRoot, string sharedFolder)
    {
        var output = Path.Combine(Path.GetTempPath(), "lrr-llm-bench-models");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList =
            {
                Path.Combine(repositoryRoot, "tests", "generators", "llm-test-models", "generate.py"),
                output,
                Path.Combine(sharedFolder, "models", "qwen3-tokenizer"),
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate.py failed with exit code {process.ExitCode}");
        }

        return Path.Combine(output, "tiny-qwen3");
    }
}

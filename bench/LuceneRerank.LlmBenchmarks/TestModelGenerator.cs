using System.Diagnostics;

namespace LuceneRerank.LlmBenchmarks;

/// <summary>Runs the test-model generators of tests/generators/llm-test-models when no model is given.</summary>
internal static class TestModelGenerator
{
    /// <summary>The tiny Qwen3-shaped decoder (generate.py); returns its folder.</summary>
    public static string GenerateTinyQwen3(string repositoryRoot, string sharedFolder) =>
        Path.Combine(Run("generate.py", Path.Combine(Path.GetTempPath(), "lrr-llm-bench-models"), repositoryRoot, sharedFolder), "tiny-qwen3");

    /// <summary>The tiny Qwen3 exported with attention outputs for ICR (generate_icr.py); returns its folder.</summary>
    public static string GenerateIcrModels(string repositoryRoot, string sharedFolder) =>
        Run("generate_icr.py", Path.Combine(Path.GetTempPath(), "lrr-llm-bench-icr-models"), repositoryRoot, sharedFolder);

    private static string Run(string script, string output, string repositoryRoot, string sharedFolder)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList =
            {
                Path.Combine(repositoryRoot, "tests", "generators", "llm-test-models", script),
                output,
                Path.Combine(sharedFolder, "models", "qwen3-tokenizer"),
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}");
    }
}

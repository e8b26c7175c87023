using System.Diagnostics;
using System.Globalization;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// The MiniLM-sized ColBERT the late-interaction benchmark runs: 6 layers, hidden 384, 12 heads, intermediate 1536, a
/// 128-dimensional projection, the real BERT vocabulary, random weights, PyLate layout (query length 32, the given
/// document length). Generated on demand by tests/TestModels/generate_colbert.py into the git-ignored
/// work-data/bench-models/.
/// </summary>
internal static class ColBertBenchmarkModel
{
    public static string Ensure(string repositoryRoot, string sharedRoot, int documentLength)
    {
        var dir = Path.Combine(repositoryRoot, "work-data", "bench-models", $"colbert-minilm-random-d{documentLength}");
        if (File.Exists(Path.Combine(dir, "onnx", "model.onnx")))
        {
            return dir;
        }

        var vocab = Path.Combine(sharedRoot, "models", "bert-base-uncased-vocab", "vocab.txt");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     Path.Combine(repositoryRoot, "tests", "TestModels", "generate_colbert.py"), "--vocab", vocab, "--out", dir + ".tmp",
                     "--layout", "pylate", "--layers", "6", "--hidden", "384", "--heads", "12", "--intermediate", "1536", "--dim", "128",
                     "--query-length", "32", "--document-length", documentLength.ToString(CultureInfo.InvariantCulture), "--seed", "7",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"generating the MiniLM-sized ColBERT into {dir} ...");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ColBERT model generation failed: {errors}");
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        Directory.Move(dir + ".tmp", dir);
        return dir;
    }
}

using System.Diagnostics;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// The MiniLM-L6-shaped cross-encoder the benchmark runs: 6 layers, hidden 384, 12 heads, intermediate 1536, the real
/// 30,522-token BERT vocabulary, random weights. Generated on demand (about 90 MB) by
/// tests/TestModels/generate_cross_encoder.py into the git-ignored work-data/bench-models/.
/// </summary>
internal static class BenchmarkModel
{
    public static string Ensure(string repositoryRoot, string sharedRoot)
    {
        var dir = Path.Combine(repositoryRoot, "work-data", "bench-models", "minilm-l6-shaped-random");
        if (File.Exists(Path.Combine(dir, "onnx", "model.onnx")))
        {
            return dir;
        }

        var vocab = Path.Combine(sharedRoot, "models", "bert-base-uncased-vocab", "vocab.txt");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     Path.Combine(repositoryRoot, "tests", "TestModels", "generate_cross_encoder.py"), "--vocab", vocab, "--out", dir + ".tmp",
                     "--layers", "6", "--hidden", "384", "--heads", "12", "--intermediate", "1536", "--model-max-length", "512", "--seed", "6",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"generating the MiniLM-L6-shaped model into {dir} ...");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"model generation failed: {errors}");
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        Directory.Move(dir + ".tmp", dir);
        return dir;
    }
}

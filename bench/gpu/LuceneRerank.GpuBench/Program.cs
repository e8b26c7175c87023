using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LuceneRerank.Onnx;

namespace LuceneRerank.GpuBench;

/// <summary>
/// <c>lrr-gpubench --model M.onnx --tokens DIR [--provider cuda] [--top 100] [--batch N] [--seconds S] [--yes-no Y,N]
/// [--scores-out F] [--json-out F]</c>: opens the model with <see cref="OnnxSessionFactory"/>, scores every row once
/// (written to --scores-out for the agreement check), times top-K reranks (one Run of K rows) and throughput (batches of
/// --batch rows), and prints one JSON object.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmark.</summary>
    public static int Main(string[] args)
    {
        var model = new Option<string>("--model") { Required = true, Description = "ONNX model file." };
        var tokens = new Option<string>("--tokens") { Description = "Folder with meta.json and the int64 input files." };
        var provider = new Option<string>("--provider") { DefaultValueFactory = _ => "cpu", Description = "cpu or cuda." };
        var device = new Option<int>("--device") { Description = "CUDA device id." };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 100, Description = "Rows of one rerank (top-K)." };
        var batch = new Option<int>("--batch") { Description = "Rows per Run for throughput (default: session token budget / length)." };
        var seconds = new Option<double>("--seconds") { DefaultValueFactory = _ => 10, Description = "Time spent on each measurement." };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 5, Description = "Untimed runs first." };
        var yesNo = new Option<string?>("--yes-no") { Description = "Token ids 'YES,NO': score = log p(yes) over {yes,no}." };
        var scoresOut = new Option<string?>("--scores-out") { Description = "Write one score per row here." };
        var jsonOut = new Option<string?>("--json-out") { Description = "Write the result JSON here too." };
        var probe = new Option<bool>("--probe") { Description = "Only open the model with the provider, print what is active, and exit (0 = opened)." };
        var root = new RootCommand("LuceneRerank device benchmark on pre-tokenised inputs.")
        {
            model, tokens, provider, device, top, batch, seconds, warmup, yesNo, scoresOut, jsonOut, probe,
        };
        root.SetAction(parseResult =>
        {
            var ids = parseResult.GetValue(yesNo)?.Split(',').Select(int.Parse).ToArray();
            var options = new OnnxRuntimeOptions
            {
                ExecutionProvider = parseResult.GetValue(provider)!.ToLowerInvariant() == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu,
                DeviceId = parseResult.GetValue(device),
            };
            if (parseResult.GetValue(probe))
            {
                return Probe(parseResult.GetValue(model)!, options);
            }

            var tokenDirectory = parseResult.GetValue(tokens) ?? throw new ArgumentException("--tokens is required");
            var result = Run(
                parseResult.GetValue(model)!, TokenBatchFile.Load(tokenDirectory), options,
                parseResult.GetValue(top), parseResult.GetValue(batch), parseResult.GetValue(seconds), parseResult.GetValue(warmup),
                ids is null ? null : (ids[0], ids[1]), parseResult.GetValue(scoresOut));
            var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
            Console.WriteLine(json);
            if (parseResult.GetValue(jsonOut) is { } path)
            {
                File.WriteAllText(path, json);
            }

            return 0;
        });
        return root.Parse(args).Invoke();
    }

    private static int Probe(string modelPath, OnnxRuntimeOptions options)
    {
        Console.WriteLine($"ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}; built-in providers: " +
            string.Join(", ", Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders()));
        try
        {
            using var model = OnnxSessionFactory.Create(modelPath, options);
            Console.WriteLine($"opened {modelPath} on {model.ActiveProvider}");
            return 0;
        }
        catch (ExecutionProviderUnavailableException e)
        {
            Console.WriteLine($"provider unavailable: {e.Message}");
            return 1;
        }
    }

    private static Dictionary<string, object> Run(
        string modelPath, TokenBatchFile tokens, OnnxRuntimeOptions options, int top, int batch, double seconds, int warmup,
        (int, int)? yesNo, string? scoresOut)
    {
        var load = Stopwatch.StartNew();
        using var model = OnnxSessionFactory.Create(modelPath, options);
        var loadMs = load.Elapsed.TotalMilliseconds;
        var runner = new BatchRunner(model, tokens, yesNo);
        top = Math.Min(top, tokens.Count);
        batch = batch > 0 ? batch : Math.Max(1, Math.Min(tokens.Count, model.TokenBudget / tokens.Length));

        // Scores of every row once, in batches (the agreement check compares them with the peer's).
        var scores = new float[tokens.Count];
        for (var start = 0; start < tokens.Count; start += batch)
        {
            var n = Math.Min(batch, tokens.Count - start);
            runner.Run(start, n, scores.AsSpan(start, n));
        }

        if (scoresOut is not null)
        {
            File.WriteAllLines(scoresOut, scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
        }

        // Top-K latency: one Run of the first K rows, repeated.
        var topScores = new float[top];
        for (var i = 0; i < warmup; i++)
        {
            runner.Run(0, top, topScores);
        }

        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || latencies.Count < 5)
        {
            var t = Stopwatch.GetTimestamp();
            runner.Run(0, top, topScores);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        latencies.Sort();

        // Throughput: batches of `batch` rows over the whole set, repeated.
        var batchScores = new float[batch];
        for (var i = 0; i < Math.Max(1, warmup / 2); i++)
        {
            runner.Run(0, Math.Min(batch, tokens.Count), batchScores);
        }

        long pairs = 0;
        clock.Restart();
        var next = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var n = Math.Min(batch, tokens.Count - next);
            runner.Run(next, n, batchScores.AsSpan(0, n));
            pairs += n;
            next = next + n >= tokens.Count ? 0 : next + n;
        }

        var pairsPerSecond = pairs / clock.Elapsed.TotalSeconds;
        return new Dictionary<string, object>
        {
            ["model"] = modelPath,
            ["activeProvider"] = model.ActiveProvider,
            ["rows"] = tokens.Count,
            ["length"] = tokens.Length,
            ["loadMs"] = Math.Round(loadMs, 1),
            ["top"] = top,
            ["topLatencyMsMedian"] = Math.Round(latencies[latencies.Count / 2], 3),
            ["topLatencyMsP90"] = Math.Round(latencies[(int)(latencies.Count * 0.9)], 3),
            ["topLatencyMsMin"] = Math.Round(latencies[0], 3),
            ["topRuns"] = latencies.Count,
            ["batch"] = batch,
            ["pairsPerSecond"] = Math.Round(pairsPerSecond, 1),
        };
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// The full-pipeline row of the device benchmark (bench/gpu/README.md, "Contract for the full-pipeline row"): text
/// pairs through <see cref="CrossEncoderReranker"/> (tokenisation, length-sorted token-budget batching, dynamic
/// padding, <c>Run</c>, logits to scores) on the chosen execution provider.
/// </summary>
/// <remarks>
/// Measures, on one reranker (one session): the scores of every pair, each query's passages in one call, written in
/// input order; the latency of a top-K rerank (the file's first K pairs, one call per distinct query among them; the
/// median of at least <c>--seconds</c> of calls, after 3 untimed ones); and the throughput of top-K reranks with
/// <c>--concurrency</c> of them in flight at once, in pairs per second.
/// </remarks>
internal static class PipelineBenchmark
{
    public static int Run(Settings settings, string modelDirectory)
    {
        var pairs = PairFile.Load(settings.Pairs!);
        var options = new CrossEncoderRerankerOptions
        {
            MaxLength = settings.MaxLength,
            MaxBatchSize = settings.Batch,
            MaxTokensPerBatch = settings.Batch * settings.MaxLength,
            PreferFp16 = settings.Fp16,
            OnnxRuntime = new OnnxRuntimeOptions
            {
                ExecutionProvider = settings.Provider == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu,
                DeviceId = settings.Device,
                IntraOpThreads = settings.Threads,
            },
        };

        var load = Stopwatch.StartNew();
        CrossEncoderReranker reranker;
        try
        {
            reranker = CrossEncoderReranker.Create(modelDirectory, options);
        }
        catch (ExecutionProviderUnavailableException e)
        {
            Console.Error.WriteLine($"execution provider '{settings.Provider}' unavailable: {e.Message}");
            return 3;
        }

        using (reranker)
        {
            var loadMs = load.Elapsed.TotalMilliseconds;
            Console.Error.WriteLine($"{reranker.Description}");

            var scores = new float[pairs.Pairs.Count];
            var scoring = Stopwatch.StartNew();
            foreach (var request in pairs.Requests)
            {
                var requestScores = reranker.Score(request.Query, request.Passages);
                for (var i = 0; i < requestScores.Length; i++)
                {
                    scores[request.Indices[i]] = requestScores[i];
                }
            }

            var scoringMs = scoring.Elapsed.TotalMilliseconds;
            if (settings.ScoresOut is { } scoresOut)
            {
                File.WriteAllLines(scoresOut, scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
            }

            var top = pairs.Head(settings.Top);
            var topPairs = top.Pairs.Count;
            for (var i = 0; i < 3; i++)
            {
                Rerank(reranker, top);
            }

            var tokenizationBefore = reranker.Statistics.TokenizationTime;
            var inferenceBefore = reranker.Statistics.InferenceTime;
            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < settings.Seconds || latencies.Count < 5)
            {
                var started = Stopwatch.GetTimestamp();
                Rerank(reranker, top);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var tokenizationMs = (reranker.Statistics.TokenizationTime - tokenizationBefore).TotalMilliseconds / latencies.Count;
            var inferenceMs = (reranker.Statistics.InferenceTime - inferenceBefore).TotalMilliseconds / latencies.Count;
            latencies.Sort();

            long reranks = 0;
            clock.Restart();
            var deadline = TimeSpan.FromSeconds(settings.Seconds);
            var workers = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(() =>
            {
                while (clock.Elapsed < deadline)
                {
                    Rerank(reranker, top);
                    Interlocked.Increment(ref reranks);
                }
            })).ToArray();
            Task.WaitAll(workers);
            var pairsPerSecond = reranks * topPairs / clock.Elapsed.TotalSeconds;

            var result = new Dictionary<string, object?>
            {
                ["model"] = reranker.Files.ModelPath,
                ["activeProvider"] = reranker.Description.ExecutionProvider,
                ["notes"] = reranker.Description.Notes,
                ["rows"] = pairs.Pairs.Count,
                ["requests"] = pairs.Requests.Count,
                ["maxLength"] = reranker.Encoder.MaxLength,
                ["top"] = topPairs,
                ["topRequests"] = top.Requests.Count,
                ["loadMs"] = Math.Round(loadMs, 1),
                ["allPairsScoringMs"] = Math.Round(scoringMs, 1),
                ["topLatencyMsMedian"] = Math.Round(Percentile(latencies, 0.5), 3),
                ["topLatencyMsMin"] = Math.Round(latencies[0], 3),
                ["topLatencyMsP90"] = Math.Round(Percentile(latencies, 0.9), 3),
                ["topCalls"] = latencies.Count,
                ["tokenizationMsPerTop"] = Math.Round(tokenizationMs, 3),
                ["inferenceMsPerTop"] = Math.Round(inferenceMs, 3),
                ["pairsPerSecond"] = Math.Round(pairsPerSecond, 1),
                ["concurrency"] = settings.Concurrency,
                ["processorCount"] = Environment.ProcessorCount,
            };
            var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
            Console.WriteLine(json);
            if (settings.JsonOut is { } jsonOut)
            {
                File.WriteAllText(jsonOut, json);
            }
        }

        return 0;
    }

    private static void Rerank(CrossEncoderReranker reranker, PairFile top)
    {
        foreach (var request in top.Requests)
        {
            reranker.Score(request.Query, request.Passages);
        }
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(fraction * (sorted.Count - 1) + 0.5))];
}

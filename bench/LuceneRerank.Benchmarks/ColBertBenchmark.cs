using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LuceneRerank.LateInteraction;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// Top-K rerank latency of ColBERT with query-time encoding (<see cref="ColBertReranker.Score"/>: encode the query and
/// the K passages, MaxSim) against the MiniLM-L6-shaped cross-encoder (<see cref="CrossEncoderReranker.Score"/>), on
/// the same SciFact passages, interleaved per query in one process. Also times MaxSim alone over the K passages'
/// embeddings already in memory: the compute left when document embeddings are stored (reading them from the index is
/// not included; that column is the stored-embedding reranker's, bench/colbert/README.md).
/// </summary>
internal static class ColBertBenchmark
{
    public static int Run(Settings settings, string root, string shared, string crossEncoderDirectory)
    {
        var colbertDirectory = ColBertBenchmarkModel.Ensure(root, shared, settings.DocumentLength);
        var batch = settings.Batch ?? 32;
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = settings.Threads };
        using var colbert = ColBertReranker.Create(colbertDirectory, new ColBertEncoderOptions
        {
            OnnxRuntime = runtime,
            MaxTokensPerBatch = batch * settings.DocumentLength,
        });
        using var crossEncoder = CrossEncoderReranker.Create(crossEncoderDirectory, new CrossEncoderRerankerOptions
        {
            OnnxRuntime = runtime,
            MaxLength = settings.MaxLength,
            MaxBatchSize = batch,
            MaxTokensPerBatch = batch * settings.MaxLength,
        });
        var (queries, corpus) = LoadSciFact(shared, settings.Queries, settings.Tops.Max());
        Console.WriteLine($"ColBERT       {colbertDirectory}");
        Console.WriteLine($"              {colbert.Description}");
        Console.WriteLine($"cross-encoder {crossEncoderDirectory}");
        Console.WriteLine($"              {crossEncoder.Description}");
        Console.WriteLine($"workload      {queries.Length} SciFact queries × the first top-K SciFact documents (title + text); " +
                          $"{batch} sequences per Run; {Environment.ProcessorCount} logical cores; load average {LoadAverage()}");

        // Warm-up: one call of each.
        colbert.Score(queries[0], corpus[..10]);
        crossEncoder.Score(queries[0], corpus[..10]);
        using var self = Process.GetCurrentProcess();
        var results = new List<Row>();
        foreach (var top in settings.Tops)
        {
            var passages = corpus[..top];
            var embeddings = colbert.Encoder.EncodeDocuments(passages);
            var tokens = embeddings.Sum(e => (long)e.Count);
            var rounds = top >= 1000 ? Math.Max(1, settings.Rounds / 3) : settings.Rounds;
            var times = new Dictionary<string, (List<double> Wall, List<double> Cpu)>
            {
                ["ColBERT query-time"] = ([], []),
                ["cross-encoder"] = ([], []),
                ["MaxSim only (embeddings in memory)"] = ([], []),
            };
            var checksum = 0.0;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var query in queries)
                {
                    var paths = new (string Name, Func<double> Run)[]
                    {
                        ("ColBERT query-time", () => colbert.Score(query, passages)[0]),
                        ("cross-encoder", () => crossEncoder.Score(query, passages)[0]),
                        ("MaxSim only (embeddings in memory)", () =>
                        {
                            var encoded = colbert.Encoder.EncodeQuery(query);
                            var sum = 0.0;
                            foreach (var document in embeddings)
                            {
                                sum += MaxSim.Score(encoded, document);
                            }

                            return sum;
                        }),
                    };
                    foreach (var (name, run) in round % 2 == 0 ? paths : paths.Reverse())
                    {
                        self.Refresh();
                        var cpu = self.TotalProcessorTime;
                        var started = Stopwatch.GetTimestamp();
                        checksum += run();
                        times[name].Wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        self.Refresh();
                        times[name].Cpu.Add((self.TotalProcessorTime - cpu).TotalMilliseconds);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"top-{top}: {rounds} round(s) × {queries.Length} queries; ColBERT keeps {tokens / (double)top:F1} token vectors per document " +
                $"({tokens * colbert.Encoder.Dimension * 4 / 1024.0 / 1024.0:F1} MiB as float32); checksum {checksum:G6}"));
            Console.WriteLine($"  {"path",-36} {"wall ms mean",13} {"median",10} {"min",10} {"CPU ms mean",12}");
            foreach (var (name, (wall, cpu)) in times)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-36} {wall.Average(),13:F1} {Median(wall),10:F1} {wall.Min(),10:F1} {cpu.Average(),12:F1}"));
                results.Add(new Row(top, name, wall.Average(), Median(wall), wall.Min(), cpu.Average(), wall.Count));
            }

            Console.WriteLine($"  load average: {LoadAverage()}");
        }

        if (settings.JsonOut is { } path)
        {
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                colbertModel = colbertDirectory,
                crossEncoderModel = crossEncoderDirectory,
                documentLength = settings.DocumentLength,
                crossEncoderMaxLength = settings.MaxLength,
                queries = queries.Length,
                loadAverage = LoadAverage(),
                rows = results,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    private static (string[] Queries, string[] Corpus) LoadSciFact(string shared, int queries, int documents)
    {
        var scifact = Path.Combine(shared, "data", "scifact");
        static string Field(string line, params string[] names)
        {
            using var doc = JsonDocument.Parse(line);
            return string.Join(" ", names.Select(n => doc.RootElement.GetProperty(n).GetString()));
        }

        var corpus = File.ReadLines(Path.Combine(scifact, "corpus.jsonl")).Take(documents).Select(l => Field(l, "title", "text")).ToArray();
        var queryTexts = File.ReadLines(Path.Combine(scifact, "queries.jsonl")).Take(queries).Select(l => Field(l, "text")).ToArray();
        if (corpus.Length < documents)
        {
            throw new ArgumentException($"SciFact has {corpus.Length} documents, fewer than top-{documents}");
        }

        return (queryTexts, corpus);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private sealed record Row(int Top, string Path, double WallMeanMs, double WallMedianMs, double WallMinMs, double CpuMeanMs, int Calls);
}

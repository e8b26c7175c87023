using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;

namespace LuceneRerank.Benchmarks;

/// <summary>
/// The cost of <see cref="PassageChunking"/>: how many chunks SciFact passages (title + text) make under the default
/// max chunking (window = max length − query − special tokens, stride half of it, at most 16 chunks), over the whole
/// corpus; and the time of one top-N rerank with <see cref="ChunkAggregation.Max"/> against
/// <see cref="ChunkAggregation.First"/> (today's truncation), the two interleaved, one run, with the load average.
/// </summary>
internal static class ChunkingBenchmark
{
    public static int Run(Settings settings, string modelDir, string shared)
    {
        var scifact = Path.Combine(shared, "data", "scifact");
        var corpus = File.ReadLines(Path.Combine(scifact, "corpus.jsonl")).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("title").GetString() + " " + doc.RootElement.GetProperty("text").GetString();
        }).ToArray();
        var queries = File.ReadLines(Path.Combine(scifact, "queries.jsonl")).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("text").GetString()!;
        }).Take(settings.Queries).ToArray();

        CrossEncoderReranker Open(ChunkAggregation aggregation) => CrossEncoderReranker.Create(modelDir, new CrossEncoderRerankerOptions
        {
            MaxLength = settings.MaxLength,
            MaxTokensPerBatch = settings.Batch is { } batch ? batch * settings.MaxLength : null,
            OnnxRuntime = new OnnxRuntimeOptions { IntraOpThreads = settings.Threads },
            Chunking = new PassageChunking { Aggregation = aggregation },
        });
        using var first = Open(ChunkAggregation.First);
        using var max = Open(ChunkAggregation.Max);
        Console.WriteLine($"load average at start  {LoadAverage()}");
        Console.WriteLine($"model       {modelDir}");
        Console.WriteLine($"            {max.Description}");

        // Chunks per passage over the whole corpus, for the first query's room.
        var encoder = max.Encoder;
        var room = encoder.PassageBudget(encoder.EncodeQuery(queries[0]));
        var chunker = PassageChunker.For(new PassageChunking { Aggregation = ChunkAggregation.Max }, room);
        var counts = corpus.Select(text => chunker.Spans(encoder.EncodeText(text, chunker.TokensToRead).Length).Count).ToArray();
        Console.WriteLine($"SciFact     {corpus.Length} passages, max length {settings.MaxLength}, window {room} passage tokens beside the first " +
                          $"query, stride {chunker.Stride}, at most {chunker.MaxChunks} chunks");
        foreach (var group in counts.GroupBy(c => Math.Min(c, 6)).OrderBy(g => g.Key))
        {
            var label = group.Key == 6 ? "6+" : group.Key.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"  {label,2} chunks  {group.Count(),5} passages  {100.0 * group.Count() / corpus.Length,5:F1} %");
        }

        Console.WriteLine($"  mean {counts.Average():F2} chunks per passage, max {counts.Max()}; {counts.Count(c => c > 1)} passages are longer than the window");

        // Rerank time: the first N corpus passages (file order, natural lengths) for each query.
        var passages = corpus.Take(settings.Passages).ToArray();
        var timings = new Dictionary<string, List<double>> { ["first"] = [], ["max"] = [] };
        var chunks = new Dictionary<string, long> { ["first"] = 0, ["max"] = 0 };
        foreach (var query in queries)
        {
            first.Score(query, passages);
            max.Score(query, passages);
        }

        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var query in queries)
            {
                var order = round % 2 == 0 ? new[] { ("first", first), ("max", max) } : [("max", max), ("first", first)];
                foreach (var (name, reranker) in order)
                {
                    var before = reranker.Statistics.ChunksScored;
                    var started = Stopwatch.GetTimestamp();
                    reranker.Score(query, passages);
                    timings[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    chunks[name] += reranker.Statistics.ChunksScored - before;
                }
            }
        }

        var reranks = settings.Rounds * queries.Length;
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"rerank      top-{passages.Length} × {queries.Length} queries × {settings.Rounds} rounds (1 warm-up), first and max interleaved; " +
                          $"{Environment.ProcessorCount} logical cores");
        foreach (var name in timings.Keys)
        {
            Console.WriteLine($"  {name,-5}  median {Median(timings[name]),8:F1} ms per rerank   {(double)chunks[name] / reranks,6:F1} pairs per rerank");
        }

        Console.WriteLine($"  ratio max / first: time {Median(timings["max"]) / Median(timings["first"]):F2}×, pairs {(double)chunks["max"] / chunks["first"]:F2}×");
        Console.WriteLine($"load average at end    {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

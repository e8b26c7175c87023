using System.Diagnostics;
using System.Globalization;
using LuceneRerank.Benchmarks;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

// Pairs/second and milliseconds per top-100 rerank of a MiniLM-L6-shaped cross-encoder (random weights) at max length
// 256: through NeuralRescorer (stored fields → CrossEncoderReranker → fusion), through CrossEncoderReranker.Score alone,
// and through a bare InferenceSession.Run on the same pre-tokenised batches (same session), interleaved in one run.
//
//   dotnet run -c Release --project bench/LuceneRerank.Benchmarks -- [--batch 32] [--max-length 256] [--rounds 6]
//       [--passages 100] [--queries 3] [--threads 0] [--model DIR]
//
// With --pairs, the full-pipeline benchmark of the device run instead (bench/gpu/README.md; PipelineBenchmark):
//   ... -- --pairs PAIRS.tsv [--model DIR] [--provider cpu|cuda] [--max-length 256] [--top 100] [--seconds 10]
//       [--concurrency 1] [--fp16] [--batch N] [--scores-out FILE] [--json-out FILE]
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine("LuceneRerank.Benchmarks [--batch 32] [--max-length 256] [--rounds 6] [--passages 100] [--queries 3] [--threads 0] [--model DIR]");
    Console.WriteLine("LuceneRerank.Benchmarks --pairs PAIRS.tsv [--model DIR] [--provider cpu|cuda] [--device 0] [--max-length 256] [--top 100]");
    Console.WriteLine("    [--seconds 10] [--concurrency 1] [--fp16] [--batch N] [--threads 0] [--scores-out FILE] [--json-out FILE]");
    Console.WriteLine("LuceneRerank.Benchmarks --colbert [--tops 100,1000] [--queries 3] [--rounds 6] [--document-length 256] [--max-length 256]");
    Console.WriteLine("    [--batch 32] [--threads 0] [--json-out FILE]   (ColBERT query-time vs the cross-encoder; bench/colbert/README.md)");
    Console.WriteLine("See bench/README.md and bench/gpu/README.md.");
    return;
}

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 2;
    return;
}

var root = FindRepositoryRoot();
var shared = Environment.GetEnvironmentVariable("LUCENERERANK_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(root, "..", "shared"));
var modelDir = settings.Model ?? BenchmarkModel.Ensure(root, shared);
if (settings.ColBert)
{
    Environment.ExitCode = ColBertBenchmark.Run(settings, root, shared, modelDir);
    return;
}

if (settings.Pairs is not null)
{
    Environment.ExitCode = PipelineBenchmark.Run(settings, modelDir);
    return;
}

var batchSize = settings.Batch ?? 32;
var (queries, passages) = Workload.Load(shared, settings.Passages, settings.Queries);

var options = new CrossEncoderRerankerOptions
{
    MaxLength = settings.MaxLength,
    MaxBatchSize = batchSize,
    MaxTokensPerBatch = batchSize * settings.MaxLength,
    OnnxRuntime = new OnnxRuntimeOptions { IntraOpThreads = settings.Threads },
};
using var reranker = CrossEncoderReranker.Create(modelDir, options);
using var index = new PassageIndex(passages);
var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = passages.Length });

var bare = queries.Select(q =>
{
    var pairs = passages.Select(p => reranker.Encoder.EncodePair(q, p)).ToList();
    return new BareRun(reranker.Session, pairs.Select(e => e.InputIds).ToList(), pairs.Select(e => e.TokenTypeIds).ToList(),
        options.MaxTokensPerBatch!.Value, options.MaxBatchSize!.Value, reranker.FeedsTokenTypeIds);
}).ToArray();
var realTokens = queries.Average(q => passages.Sum(p => (double)reranker.Encoder.EncodePair(q, p).InputIds.Length));

Console.WriteLine($"model       {modelDir}");
Console.WriteLine($"            {reranker.Description}");
Console.WriteLine($"workload    {queries.Length} SciFact queries × top-{passages.Length} passages, max length {settings.MaxLength}, " +
                  $"{realTokens / passages.Length:F0} tokens per pair on average");
Console.WriteLine($"batching    up to {batchSize} pairs and {options.MaxTokensPerBatch} padded tokens per Run ({bare[0].BatchCount} runs per rerank); " +
                  $"intra-op threads {(settings.Threads == 0 ? "ORT default" : settings.Threads)}; {Environment.ProcessorCount} logical cores");
Console.WriteLine($"rounds      1 warm-up + {settings.Rounds} measured, the three paths interleaved per query (order rotated each round)");

var timings = new Dictionary<string, List<double>> { ["NeuralRescorer.Rescore"] = [], ["CrossEncoderReranker.Score"] = [], ["bare InferenceSession.Run"] = [] };
var cpuTimings = timings.Keys.ToDictionary(k => k, _ => new List<double>());
using var self = Process.GetCurrentProcess();
var checksum = 0.0;
for (var round = 0; round <= settings.Rounds; round++)
{
    for (var qi = 0; qi < queries.Length; qi++)
    {
        var query = queries[qi];
        var paths = new (string Name, Func<double> Run)[]
        {
            ("NeuralRescorer.Rescore", () => rescorer.ForQuery(query).Rescore(index.Searcher, index.FirstPass, passages.Length).ScoreDocs[0].Score),
            ("CrossEncoderReranker.Score", () => reranker.Score(query, passages)[0]),
            ("bare InferenceSession.Run", () => bare[qi].RunAll()),
        };
        for (var k = 0; k < paths.Length; k++)
        {
            var (name, run) = paths[(k + round + qi) % paths.Length];
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            checksum += run();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            self.Refresh();
            if (round > 0)
            {
                timings[name].Add(ms);
                cpuTimings[name].Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine($"{"path",-28} {"wall ms/top-" + passages.Length,16} {"median",10} {"min",10} {"pairs/s",10} {"CPU ms/top-" + passages.Length,16}");
foreach (var (name, values) in timings)
{
    var mean = values.Average();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-28} {mean,16:F1} {Median(values),10:F1} {values.Min(),10:F1} {passages.Length / (mean / 1000),10:F1} {cpuTimings[name].Average(),16:F1}"));
}

var bareMean = timings["bare InferenceSession.Run"].Average();
var bareMin = timings["bare InferenceSession.Run"].Min();
var bareCpu = cpuTimings["bare InferenceSession.Run"].Average();
foreach (var name in new[] { "NeuralRescorer.Rescore", "CrossEncoderReranker.Score" })
{
    var mean = timings[name].Average();
    var min = timings[name].Min();
    var cpu = cpuTimings[name].Average();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"overhead of {name} over bare Run (share of its total): wall mean {(mean - bareMean) / mean * 100:F1}%, " +
        $"wall min {(min - bareMin) / min * 100:F1}%, CPU time {(cpu - bareCpu) / cpu * 100:F1}%"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()}"));

var stats = reranker.Statistics;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"reranker's own counters (all rounds): tokenisation {stats.TokenizationTime.TotalMilliseconds:F0} ms, inference {stats.InferenceTime.TotalMilliseconds:F0} ms, " +
    $"{stats.ForwardPasses} sequences, {stats.TokensProcessed} tokens"));
Console.WriteLine($"(checksum {checksum:G6})");
foreach (var b in bare)
{
    b.Dispose();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LuceneRerank.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

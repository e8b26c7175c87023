using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lucene.Net.Search;
using LuceneRerank.LateInteraction;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;
using LuceneRerank.StoredEmbeddingBenchmark;
using LuceneRerank.Toolkit.Indexing;
using LuceneRerank.Toolkit.Search;

// lrr-colbert-bench: rerank latency from stored ColBERT embeddings (f32 / f16 / i8) vs query-time ColBERT encoding vs
// a cross-encoder, index sizes per encoding, and ranking agreement of f16 / i8 with f32. See the README section
// "ColBERT embeddings in the index" for the command and the measured table.
var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a, p => p.i + 1 < args.Length ? args[p.i + 1] : "");
string Arg(string name) => arguments.TryGetValue(name, out var v) ? v : throw new ArgumentException($"missing {name}");
int Number(string name, int fallback) => arguments.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var f32Index = Arg("--f32-index");
var corpus = Arg("--corpus");
var queriesPath = Arg("--queries");
var colbertModel = Arg("--colbert-model");
var crossEncoderModel = Arg("--cross-encoder");
var work = Arg("--work");
var storedQueries = Number("--stored-queries", 20);
var slowQueries100 = Number("--slow-queries-100", 2);
var slowQueries1000 = Number("--slow-queries-1000", 1);
var c = CultureInfo.InvariantCulture;
Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

// Indexes: without embeddings (built here, timed), f16 and i8 (re-encoded from the f32 build).
var plainIndex = Path.Combine(work, "plain");
var plain = IndexBuilder.Build(corpus, plainIndex, new IndexBuildOptions { Force = true });
var indexes = new Dictionary<EmbeddingEncoding, string> { [EmbeddingEncoding.Float32] = f32Index };
foreach (var encoding in new[] { EmbeddingEncoding.Float16, EmbeddingEncoding.Int8 })
{
    indexes[encoding] = Path.Combine(work, StoredEmbeddingMetadata.Name(encoding));
    Transcoder.Copy(f32Index, indexes[encoding], encoding);
}

// Queries with at least 1,000 BM25 hits, so that every window is full.
using var bm25 = new Bm25Searcher(plainIndex);
var queries = File.ReadLines(queriesPath).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
    .Where(q => bm25.Search(q, 1000).ScoreDocs.Length == 1000).Take(storedQueries).ToArray();
Console.WriteLine($"{queries.Length} SciFact queries with >= 1,000 BM25 hits over {plain.Documents} documents");

var rows = new List<string>();
var windows = new[] { 100, 1000 };
var storedScores = new Dictionary<(EmbeddingEncoding, int), Dictionary<string, float>>();
foreach (var (encoding, path) in indexes)
{
    using var searcher = new Bm25Searcher(path);
    using var reranker = StoredEmbeddingReranker.Open(colbertModel);
    reranker.EnsureCompatible(searcher.Reader);
    var stats = IndexStatisticsReader.Read(path);
    foreach (var window in windows)
    {
        var encodingBefore = reranker.Statistics.InferenceTime;
        var (rerankMs, pipelineMs) = Measure(reranker, searcher, queries, window, (q, scores) => storedScores[(encoding, q)] = scores, fast: true);
        var queryEncodingMs = (reranker.Statistics.InferenceTime - encodingBefore).TotalMilliseconds / (2 * (queries.Length + 1));
        rows.Add(string.Create(c,
            $"| stored {StoredEmbeddingMetadata.Name(encoding)} | {window} | {queries.Length} | {rerankMs:F1} (query encoding {queryEncodingMs:F1}) | {pipelineMs:F1} | {IndexDirectorySize.Format(stats.SizeBytes)} | {stats.Embeddings!.BytesPerToken:F1} |"));
    }

    if (reranker.QueryTimeEncoded != 0)
    {
        throw new InvalidOperationException($"{reranker.QueryTimeEncoded} documents were encoded at query time in {path}");
    }
}

using (var searcher = new Bm25Searcher(plainIndex))
{
    using var colbert = ColBertReranker.Create(colbertModel);
    using var crossEncoder = CrossEncoderReranker.Create(crossEncoderModel);
    foreach (var (name, reranker) in new (string, IReranker)[] { ("query-time ColBERT", colbert), ("cross-encoder MiniLM-L6-shaped", crossEncoder) })
    {
        foreach (var window in windows)
        {
            var count = window == 100 ? slowQueries100 : slowQueries1000;
            if (count == 0)
            {
                rows.Add($"| {name} | {window} | 0 | not measured (--slow-queries-{window} 0) | | | |");
                continue;
            }

            var (rerankMs, _) = Measure(reranker, searcher, queries.Take(count).ToArray(), window, null, fast: false);
            rows.Add(string.Create(c, $"| {name} | {window} | {count} | {rerankMs:F1} | - | {IndexDirectorySize.Format(plain.SizeBytes)} | - |"));
        }
    }
}

Console.WriteLine();
Console.WriteLine("| reranker | window | queries | rerank ms/query | rescore ms/query (incl. passage reads) | index size | stored bytes/token |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine(string.Create(c, $"index without embeddings: {IndexDirectorySize.Format(plain.SizeBytes)}, built in {plain.Elapsed.TotalSeconds:F1} s"));
foreach (var encoding in new[] { EmbeddingEncoding.Float16, EmbeddingEncoding.Int8 })
{
    var taus = new List<double>();
    var overlaps = new List<double>();
    var errors = new List<double>();
    var spreads = new List<double>();
    var common = new List<int>();
    for (var q = 0; q < queries.Length; q++)
    {
        // Compared by document id: the BM25 windows of two indexes may order tied hits differently.
        var exactById = storedScores[(EmbeddingEncoding.Float32, q)];
        var approximateById = storedScores[(encoding, q)];
        var ids = exactById.Keys.Where(approximateById.ContainsKey).ToArray();
        var exact = ids.Select(id => exactById[id]).ToArray();
        var approximate = ids.Select(id => approximateById[id]).ToArray();
        common.Add(ids.Length);
        taus.Add(KendallTau(approximate, exact));
        errors.Add(exact.Zip(approximate).Average(p => Math.Abs(p.First - p.Second)));
        var mean = exact.Average();
        spreads.Add(Math.Sqrt(exact.Average(x => (x - mean) * (x - mean))));
        overlaps.Add(TopOverlap(approximate, exact, 10));
    }

    Console.WriteLine(string.Create(c,
        $"{StoredEmbeddingMetadata.Name(encoding)} vs f32 over the top-1,000 windows (at least {common.Min()} documents in both windows): Kendall tau mean {taus.Average():F4} (min {taus.Min():F4}), top-10 overlap mean {overlaps.Average():F3} (min {overlaps.Min():F3}); " +
        $"mean |score - f32 score| {errors.Average():G3} against a standard deviation of the f32 scores in a window of {spreads.Average():G3}"));
}

Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

// The mean over the queries of the reranker's call alone (candidates carrying their index documents) and, when fast,
// after one warm-up query, of the whole rescoring too (NeuralRescorer: stored passage reads, reranker, fusion). Slow
// rerankers (encoding every passage) get no warm-up and no second run: one call already takes seconds per passage batch.
static (double RerankMs, double PipelineMs) Measure(
    IReranker reranker, Bm25Searcher searcher, string[] queries, int window, Action<int, Dictionary<string, float>>? keep, bool fast)
{
    var source = new PassageTextSource(IndexFieldNames.Title, IndexFieldNames.Text) { Separator = " " };
    double rerank = 0, pipeline = 0;
    for (var q = fast ? -1 : 0; q < queries.Length; q++)
    {
        var query = queries[Math.Max(q, 0)];
        var firstPass = searcher.Search(query, window);
        var candidates = firstPass.ScoreDocs.Select((d, i) => new RerankCandidate(source.Read(searcher.Searcher, d.Doc), d.Score, i)
        {
            Document = new IndexedDocument(searcher.Reader, d.Doc),
        }).ToArray();
        var started = Stopwatch.GetTimestamp();
        var scores = reranker is ICandidateReranker candidateReranker
            ? candidateReranker.ScoreCandidatesAsync(query, candidates).GetAwaiter().GetResult()
            : reranker.ScoreAsync(query, candidates.Select(x => x.Text).ToArray()).GetAwaiter().GetResult();
        var rerankTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var pipelineTime = 0.0;
        if (fast)
        {
            var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions { Window = window, TextSource = source }, query);
            started = Stopwatch.GetTimestamp();
            rescorer.Rescore(searcher.Searcher, firstPass, 10);
            pipelineTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        if (q >= 0)
        {
            rerank += rerankTime;
            pipeline += pipelineTime;
            if (window == 1000)
            {
                keep?.Invoke(q, firstPass.ScoreDocs.Select((d, i) => (Id: searcher.GetDocumentId(d.Doc), Score: scores[i])).ToDictionary(p => p.Id, p => p.Score));
            }
        }
    }

    return (rerank / queries.Length, pipeline / queries.Length);
}

static double KendallTau(IReadOnlyList<float> a, IReadOnlyList<float> b)
{
    long concordant = 0, discordant = 0;
    for (var i = 0; i < a.Count; i++)
    {
        for (var j = i + 1; j < a.Count; j++)
        {
            var sign = Math.Sign(a[i] - a[j]) * Math.Sign(b[i] - b[j]);
            concordant += sign > 0 ? 1 : 0;
            discordant += sign < 0 ? 1 : 0;
        }
    }

    return (concordant - discordant) / (a.Count * (a.Count - 1) / 2.0);
}

static double TopOverlap(IReadOnlyList<float> a, IReadOnlyList<float> b, int k)
{
    var top = Enumerable.Range(0, a.Count).OrderByDescending(i => a[i]).Take(k).ToHashSet();
    return Enumerable.Range(0, b.Count).OrderByDescending(i => b[i]).Take(k).Count(top.Contains) / (double)k;
}

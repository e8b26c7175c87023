// LuceneRerank quick-start: a small Lucene.NET index, a BM25 search, the hits rescored by a cross-encoder, a two-stage
// cascade whose second stage fails and falls back (logged at Warning), and the metrics and spans it all produced.
//   dotnet run -- MODEL_FOLDER ["query text"]
// MODEL_FOLDER is a cross-encoder exported to ONNX (for example Xenova/ms-marco-MiniLM-L-6-v2, or
// `lrr-index models pull ms-marco-MiniLM-L-6-v2 --to DIR`).
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneRerank;
using LuceneRerank.Rescoring;
using Microsoft.Extensions.Logging;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: LuceneRerank.QuickStart MODEL_FOLDER [\"query text\"]");
    return 2;
}

var modelFolder = args[0];
var queryText = args.Length == 2 ? args[1] : "what causes ocean tides";
const LuceneVersion version = LuceneVersion.LUCENE_48;

(string Id, string Text)[] passages =
[
    ("tides", "Ocean tides are caused by the gravitational pull of the moon and the sun on the rotating earth."),
    ("moon", "The moon's gravity raises a bulge of ocean water on the side of the earth facing it, and another on the far side."),
    ("waves", "Wind blowing across the surface of the ocean makes waves, which are not the same as tides."),
    ("salt", "Ocean water is salty because rivers carry dissolved minerals from rocks into the sea."),
    ("bread", "Bread rises because yeast ferments the sugars in the dough and releases carbon dioxide."),
    ("storm", "A storm surge is a rise of the ocean caused by low pressure and wind, on top of the normal tides."),
];

// 1. A small in-memory index; the text is stored because the reranker reads the passages from stored fields.
using var directory = new RAMDirectory();
using var analyzer = new StandardAnalyzer(version);
var similarity = new BM25Similarity();
using (var writer = new IndexWriter(directory, new IndexWriterConfig(version, analyzer) { Similarity = similarity }))
{
    foreach (var (id, text) in passages)
    {
        writer.AddDocument(new Document
        {
            new StringField("id", id, Field.Store.YES),
            new TextField("text", text, Field.Store.YES),
        });
    }
}

// 2. BM25 first pass.
using var reader = DirectoryReader.Open(directory);
var searcher = new IndexSearcher(reader) { Similarity = similarity };
var query = new QueryParser(version, "text", analyzer).Parse(QueryParserBase.Escape(queryText));
TopDocs firstPass = searcher.Search(query, 10);

Console.WriteLine($"query: {queryText}");
Console.WriteLine($"BM25 first pass: {firstPass.ScoreDocs.Length} hits");
for (var i = 0; i < firstPass.ScoreDocs.Length; i++)
{
    var hit = firstPass.ScoreDocs[i];
    Console.WriteLine($"  {i + 1}. {searcher.Doc(hit.Doc).Get("id"),-6} bm25 {hit.Score:F4}");
}

// 3. One line opens the reranker (a model folder, a manifest file or a manifest name such as ms-marco-MiniLM-L-6-v2).
//    Open it once per process: it is thread-safe and shared by concurrent queries; disposing it frees the model.
using var reranker = Rerankers.Open(modelFolder);

// Metrics and spans go to any listener of the Meter and the ActivitySource "LuceneRerank" (TelemetryPrinter.cs).
using var telemetry = new TelemetryPrinter("LuceneRerank");

// 4. The rescorer: a Lucene Rescorer; RescoreAsync also returns the scores and the reasons behind the new order.
var rescorer = new NeuralRescorer(reranker, new NeuralRescorerOptions
{
    Window = 10,
    TextSource = new PassageTextSource("text"),
});
RescoreResult result = await rescorer.RescoreAsync(searcher, firstPass, queryText, topN: 5);

Console.WriteLine($"reranked by {result.Reranker.Name}");
foreach (var hit in result.Hits.Where(h => h.Returned).OrderBy(h => h.FinalRank))
{
    Console.WriteLine(
        $"  {hit.FinalRank + 1}. {searcher.Doc(hit.Doc).Get("id"),-6} model {hit.ModelScore:F4}  (bm25 rank {hit.FirstPassRank + 1})");
}

Console.WriteLine($"fallback: {(result.FallbackUsed ? result.FallbackReason.ToString() : "none")}");

// 5. What this call cost (its own figures, exact even when other queries run at the same time).
var statistics = result.Statistics;
Console.WriteLine("statistics:");
Console.WriteLine($"  passages scored:   {statistics.PassagesScored}");
Console.WriteLine($"  forward passes:    {statistics.ForwardPasses}");
Console.WriteLine($"  tokens processed:  {statistics.TokensProcessed}");
Console.WriteLine($"  tokenisation time: {result.Timing.Tokenization.TotalMilliseconds:F1} ms");
Console.WriteLine($"  inference time:    {result.Timing.Inference.TotalMilliseconds:F1} ms");
Console.WriteLine($"  elapsed:           {result.Timing.Elapsed.TotalMilliseconds:F1} ms");

// 6. A cascade: the cross-encoder over the top 10, then a second reranker over its top 3. That one is down here
//    (UnavailableReranker.cs); with FallBackToFirstPass its stage keeps the cross-encoder's order, the result says
//    why, and the logger factory gets a Warning (without a logger factory nothing is logged).
using (var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole()))
{
    var cascade = new CascadeRescorer(
    [
        new CascadeStage(reranker, new NeuralRescorerOptions { Window = 10 }),
        new CascadeStage(new UnavailableReranker(), new NeuralRescorerOptions
        {
            Window = 3,
            FailurePolicy = FailurePolicy.FallBackToFirstPass,
            LoggerFactory = loggerFactory,
        }),
    ]);
    CascadeResult cascaded = await cascade.RescoreAsync(searcher, firstPass, queryText, topN: 5);
    for (var i = 0; i < cascaded.Stages.Count; i++)
    {
        var stage = cascaded.Stages[i];
        Console.WriteLine(
            $"cascade stage {i + 1}: {stage.Reranker.Name}, window {stage.Window}, fallback {stage.FallbackReason}, {stage.Timing.Elapsed.TotalMilliseconds:F1} ms");
    }
} // disposing the logger factory flushes the console logger

// 7. The metrics and spans of both rescorings.
telemetry.Print();
return result.FallbackUsed ? 1 : 0;

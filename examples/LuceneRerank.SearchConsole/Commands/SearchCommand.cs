using System.CommandLine;
using System.Globalization;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Reranking;
using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Search;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// The <c>lrr-search</c> root command: interactive without <c>--queries</c>, batch with it; reranked with <c>--model</c>
/// (<c>--reranker</c>, <c>--manifest</c>, <c>--window</c>, <c>--fusion</c>) and further <c>--stage</c>s, on the
/// <c>--provider</c> asked for. Subcommand <c>score</c> prints raw model scores of pairs.
/// </summary>
internal static class SearchCommand
{
    public static RootCommand Create()
    {
        var index = new Option<DirectoryInfo>("--index") { Description = "Index directory (built by lrr-index build).", Required = true };
        var queries = new Option<FileInfo?>("--queries") { Description = "Batch mode: queries.jsonl (BEIR) or topics TSV (qid<TAB>text)." };
        var runOut = new Option<FileInfo?>("--run-out") { Description = "Batch mode: where to write the TREC run." };
        var qrels = new Option<FileInfo?>("--qrels") { Description = "Batch mode: qrels to evaluate the run against (TREC or BEIR TSV); only judged queries are searched unless --all-queries." };
        var k1 = new Option<float>("--k1") { Description = "BM25 k1 (>= 0).", DefaultValueFactory = _ => Bm25Parameters.Default.K1 };
        k1.Validators.Add(r => NumericOptions.AtLeast(r, "--k1", 0f));
        var b = new Option<float>("--b") { Description = "BM25 b (0 to 1).", DefaultValueFactory = _ => Bm25Parameters.Default.B };
        b.Validators.Add(r => NumericOptions.Between(r, "--b", 0f, 1f));
        var fields = new Option<string>("--fields") { Description = "contents (title + text as one field) or multifield (title and text scored separately, summed).", DefaultValueFactory = _ => "contents" };
        fields.AcceptOnlyFromAmong("contents", "multifield");
        var hits = new Option<int>("--hits") { Description = "Hits per query (> 0).", DefaultValueFactory = _ => 1000 };
        hits.Validators.Add(r => NumericOptions.Positive<int>(r, "--hits"));
        var tag = new Option<string?>("--tag") { Description = "Run tag written in the run file (default lrr-bm25, or lrr-MODEL[+MODEL...] when reranked)." };
        tag.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
            {
                r.AddError($"--tag \"{value}\" must be non-empty and free of whitespace (it is a TREC run column)");
            }
        });
        var metrics = new Option<string>("--metrics") { Description = "Metrics printed with --qrels.", DefaultValueFactory = _ => "ndcg@10,mrr@10,recall@100,map" };
        var threshold = new Option<int>("--relevance-threshold") { Description = "Minimum grade counted as relevant by binary metrics (>= 1).", DefaultValueFactory = _ => 1 };
        threshold.Validators.Add(r => NumericOptions.AtLeast(r, "--relevance-threshold", 1));
        var allQueries = new Option<bool>("--all-queries") { Description = "With --qrels, search every query, not only the judged ones." };
        var perQuery = new Option<bool>("--per-query") { Description = "With --qrels, print per-query metric values too." };
        var model = RerankerOptions.Model();
        var reranker = RerankerOptions.Reranker();
        var manifest = RerankerOptions.Manifest();
        var window = RerankerOptions.Window();
        var fusion = RerankerOptions.Fusion();
        var stage = RerankerOptions.Stage();
        var provider = RerankerOptions.Provider();
        var deviceId = RerankerOptions.DeviceId();
        var cudaEpPath = RerankerOptions.CudaEpPath();
        var lateInteraction = LateInteractionOption.Create();

        var root = new RootCommand("lrr-search: BM25 search over a Lucene.NET index (interactive, or batch with --queries), reranked when a reranker is given.")
        {
            index, queries, runOut, qrels, k1, b, fields, hits, tag, metrics, threshold, allQueries, perQuery, model, reranker, manifest, window, fusion, stage,
            provider, deviceId, cudaEpPath, lateInteraction,
        };
        root.Subcommands.Add(ScoreCommand.Create());
        root.Validators.Add(result =>
        {
            if (result.GetValue(queries) is null && (result.GetValue(runOut) is not null || result.GetValue(qrels) is not null))
            {
                result.AddError("--run-out and --qrels need --queries (batch mode)");
            }

            if (result.GetValue(model) is null && (result.GetValue(reranker) is not null || result.GetValue(manifest) is not null))
            {
                result.AddError("--reranker and --manifest need --model");
            }

            if (LateInteractionOption.Check(result.GetResult(lateInteraction), result.GetValue(reranker), result.GetValue(model) is not null) is { } problem)
            {
                result.AddError(problem);
            }
        });
        root.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var settings = new SearchSettings
            {
                IndexPath = Path.TrimEndingDirectorySeparator(parseResult.GetValue(index)!.FullName),
                QueriesPath = parseResult.GetValue(queries)?.FullName,
                RunOutPath = parseResult.GetValue(runOut)?.FullName,
                QrelsPath = parseResult.GetValue(qrels)?.FullName,
                Bm25 = new Bm25Parameters(parseResult.GetValue(k1), parseResult.GetValue(b)),
                Fields = Enum.Parse<SearchFields>(parseResult.GetValue(fields)!, ignoreCase: true),
                Hits = parseResult.GetValue(hits),
                Tag = parseResult.GetValue(tag) ?? string.Empty,
                Metrics = parseResult.GetValue(metrics)!,
                RelevanceThreshold = parseResult.GetValue(threshold),
                AllQueries = parseResult.GetValue(allQueries),
                PerQuery = parseResult.GetValue(perQuery),
                Window = parseResult.GetValue(window),
                Fusion = ScoreFusion.Parse(parseResult.GetValue(fusion)!),
                Runtime = RerankerOptions.Runtime(parseResult.GetValue(provider)!, parseResult.GetValue(deviceId), parseResult.GetValue(cudaEpPath)),
            };
            var stages = new List<RerankerSpec>();
            if (parseResult.GetValue(model) is { } modelDirectory)
            {
                var mode = parseResult.GetValue(lateInteraction) is { } name ? LateInteractionModes.Parse(name) : (LateInteractionMode?)null;
                stages.Add(new RerankerSpec(mode is null ? parseResult.GetValue(reranker) : RerankMethods.Name(RerankMethod.ColBert),
                    modelDirectory.FullName, parseResult.GetValue(manifest), settings.Window, settings.Fusion)
                {
                    LateInteraction = mode,
                    IndexPath = settings.IndexPath,
                });
            }

            stages.AddRange(parseResult.GetValue(stage)!.Select(StageParser.Parse));
            settings = settings with
            {
                Stages = stages,
                Tag = settings.Tag.Length > 0 ? settings.Tag : RunTag.For(stages),
            };

            // Everything about the run file is checked before the index and models are opened.
            using var runFile = settings.RunOutPath is null ? null : RunFileWriter.Open(settings.RunOutPath, settings.QueriesPath, settings.QrelsPath);
            using var searcher = new Bm25Searcher(settings.IndexPath, settings.Bm25, settings.Fields);
            using var rerankers = LoadedChain.Load(settings.Stages, settings.Runtime);
            var pipeline = PipelineFactory.Create(searcher, rerankers?.Chain);
            if (settings.QueriesPath is null)
            {
                // Reading a query blocks the thread, so Ctrl-C ends interactive mode at once (nothing to clean up).
                using var stop = cancellationToken.Register(() => Environment.Exit(ExitCodes.Interrupted));
                return Task.FromResult(InteractiveMode.Run(pipeline, settings, Console.In, output, rerankers?.Chain));
            }

            return Task.FromResult(BatchMode.Run(pipeline, settings, output, error, cancellationToken, rerankers?.Chain, runFile));
        });
        return root;
    }

    internal static string Milliseconds(TimeSpan time) =>
        time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}

using System.CommandLine;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// <c>lrr-search score --model DIR --pairs FILE</c>: prints one raw model score per <c>query&lt;TAB&gt;passage</c>
/// line, in input order, so that a downloaded model can be checked against the scores on its model card.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = RerankerOptions.Model(required: true);
        var reranker = RerankerOptions.Reranker();
        var manifest = RerankerOptions.Manifest();
        var provider = RerankerOptions.Provider();
        var deviceId = RerankerOptions.DeviceId();
        var cudaEpPath = RerankerOptions.CudaEpPath();
        var pairs = new Option<FileInfo>("--pairs") { Description = "TSV file: query<TAB>passage per line (UTF-8).", Required = true };
        var command = new Command("score", "Print the model's raw score for each query<TAB>passage line of a file, in input order.")
        {
            model, reranker, manifest, pairs, provider, deviceId, cudaEpPath,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var input = PairsFileReader.Read(parseResult.GetValue(pairs)!.FullName);
            var spec = new RerankerSpec(parseResult.GetValue(reranker), parseResult.GetValue(model)!.FullName, parseResult.GetValue(manifest),
                NeuralRescorerOptions.DefaultWindow, ScoreFusion.Replace);
            var runtime = RerankerOptions.Runtime(parseResult.GetValue(provider)!, parseResult.GetValue(deviceId), parseResult.GetValue(cudaEpPath));
            using var loaded = spec.Open(runtime);
            await PairScorer.ScoreAsync(loaded, input, output, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}

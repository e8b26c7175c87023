using Lucene.Net.Search;

namespace LuceneRerank.Rescoring;

/// <summary>
/// Explains a document the rescorer's last rescoring did not see, by scoring it alone. Replace and Linear fusion
/// give the same final score alone as in a window; the normalised and rank-based modes do not (they depend on the
/// other hits), and the explanation says so instead of inventing a number.
/// </summary>
internal static class SingleDocumentExplainer
{
    public static async Task<Explanation> ExplainAsync(
        NeuralRescorer rescorer, IndexSearcher searcher, Explanation firstPassExplanation, string query, int doc)
    {
        ArgumentNullException.ThrowIfNull(firstPassExplanation);
        var options = rescorer.Options;
        var fusion = options.Fusion;
        var aloneMeaningful = fusion.Mode is FusionMode.Replace or FusionMode.Linear;
        var single = new NeuralRescorerOptions
        {
            Window = 1,
            TextSource = options.TextSource,
            Fusion = aloneMeaningful ? fusion : ScoreFusion.Replace,
            BeyondWindow = options.BeyondWindow,
            FailurePolicy = options.FailurePolicy,
            TimeBudget = options.TimeBudget,
            LoggerFactory = options.LoggerFactory,
        };
        var firstPass = new TopDocs(1, new[] { new ScoreDoc(doc, firstPassExplanation.Value) }, firstPassExplanation.Value);
        var result = await RescorePipeline.RunAsync(rescorer.Reranker, single, searcher, firstPass, query, 1, CancellationToken.None)
            .ConfigureAwait(false);
        var alone = result.Explain(doc, firstPassExplanation);
        const string Why = "the last rescoring by this rescorer did not include it, so it was scored alone; whether it " +
                           "would be inside the window of a full rescoring is not known here";
        if (aloneMeaningful || result.FallbackUsed)
        {
            var root = new ComplexExplanation(true, alone.Value, $"neural rescore of doc {doc} for query \"{query}\": {Why}");
            root.AddDetail(alone);
            return root;
        }

        var unknown = new ComplexExplanation(false, float.NaN,
            $"neural rescore of doc {doc} for query \"{query}\": {Why}; fusion: {fusion} depends on the other hits " +
            "of the window, so the final score of this document alone is unknown");
        unknown.AddDetail(alone.GetDetails()[0]);
        unknown.AddDetail(alone.GetDetails()[2]);
        return unknown;
    }
}

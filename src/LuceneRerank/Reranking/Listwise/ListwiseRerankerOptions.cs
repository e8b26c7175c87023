namespace LuceneRerank.Reranking.Listwise;

/// <summary>How the listwise reranker slides its window. Defaults follow FIRST and RankGPT.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record ListwiseRerankerOptions
{
    /// <summary>Passages per forward pass. Default 20.</summary>
    public int Window { get; init; } = 20;

    /// <summary>
    /// How far the window moves up after each pass (from the back of the list to the front). Default 10; a stride
    /// equal to the window makes disjoint windows, so a passage can only rise within its own window.
    /// </summary>
    public int Stride { get; init; } = 10;

    /// <summary>
    /// InsertRank: write each passage's first-stage score into the prompt (needs the template's
    /// <see cref="ListwisePromptTemplate.InsertRankPassage"/>, the manifest's prompt key <c>insertRankTemplate</c>); used by
    /// <see cref="ICandidateReranker.ScoreCandidatesAsync"/> (<see cref="IReranker.ScoreAsync"/> has no first-stage
    /// scores and uses the plain entry). Default off.
    /// </summary>
    public bool InsertFirstStageScores { get; init; }
}

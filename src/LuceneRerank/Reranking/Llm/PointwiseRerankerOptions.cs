namespace LuceneRerank.Reranking.Llm;

/// <summary>Options of <see cref="PointwiseReranker"/>.</summary>
public sealed record PointwiseRerankerOptions
{
    /// <summary>
    /// InsertRank: when true, <see cref="ICandidateReranker.ScoreCandidatesAsync"/> writes each passage's first-stage
    /// (BM25) score into the prompt through the template's <see cref="PointwisePromptTemplate.InsertRankBody"/>
    /// (which must then exist). <see cref="IReranker.ScoreAsync"/> has no such scores and always uses the plain body.
    /// Default false.
    /// </summary>
    public bool InsertFirstStageScores { get; init; }

    /// <summary>A prompt-length cap below the manifest's and the model's; <c>null</c>: none. Documents are cut to fit.</summary>
    public int? MaxLength { get; init; }
}

using Lucene.Net.Search;
using LuceneRerank.Rescoring;

namespace LuceneRerank.Tests.Rescoring.Randomized;

/// <summary>What a <see cref="RandomReranker"/> does when called.</summary>
internal enum RandomRerankerBehaviour
{
    /// <summary>Returns the planned scores.</summary>
    Scores,

    /// <summary>Throws <see cref="InvalidOperationException"/>.</summary>
    Throws,

    /// <summary>Returns one score too many or too few.</summary>
    WrongCount,

    /// <summary>Returns the planned scores with one NaN or infinity among them.</summary>
    NonFinite,

    /// <summary>Returns null.</summary>
    Null,
}

/// <summary>One random rescoring: first-pass hits, options and the reranker's planned behaviour.</summary>
internal sealed record RandomRescoreCase(
    int Seed,
    FirstPassEntry[] Hits,
    int TotalHits,
    int Window,
    int TopN,
    ScoreFusion Fusion,
    BeyondWindowPolicy BeyondWindow,
    FailurePolicy FailurePolicy,
    RandomRerankerBehaviour Behaviour,
    bool CandidateReranker,
    float[] PlannedScores)
{
    /// <summary>The first pass as Lucene gives it (fresh objects each time).</summary>
    public TopDocs ToTopDocs()
    {
        var scoreDocs = Hits.Select(h => new ScoreDoc(h.Doc, h.Score, h.ShardIndex)).ToArray();
        return new TopDocs(TotalHits, scoreDocs, Hits.Length == 0 ? float.NaN : Hits.Max(h => h.Score));
    }

    public override string ToString() =>
        $"seed {Seed}: {Hits.Length} hits, window {Window}, topN {TopN}, fusion {Fusion}, {BeyondWindow}, {FailurePolicy}, " +
        $"reranker {Behaviour}{(CandidateReranker ? " (candidate)" : "")}";
}

/// <summary>One first-pass hit of a random case.</summary>
internal readonly record struct FirstPassEntry(int Doc, float Score, int ShardIndex);

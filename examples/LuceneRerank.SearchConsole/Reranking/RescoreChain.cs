using System.Diagnostics;
using Lucene.Net.Search;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// Successive <see cref="LuceneRerank.Rescoring.NeuralRescorer"/>s as one Lucene <see cref="Rescorer"/>: stage 1
/// reranks the top of the first pass, stage 2 reranks the top <c>window</c> of stage 1's result, and so on. Each
/// stage keeps the hits below its window in the previous stage's order (below its reranked hits), so the chain
/// returns every hit it was given. Time per stage is added to <see cref="Timings"/>.
/// </summary>
internal sealed class RescoreChain
{
    private readonly StageTiming[] _timings;
    private readonly object _lock = new();

    /// <summary>Creates the chain.</summary>
    /// <exception cref="ArgumentException">No stage, or a stage's window is larger than the previous stage's.</exception>
    public RescoreChain(IReadOnlyList<RescoreStage> stages)
    {
        if (stages.Count == 0)
        {
            throw new ArgumentException("a rescore chain needs at least one stage", nameof(stages));
        }

        for (var i = 1; i < stages.Count; i++)
        {
            if (stages[i].Window > stages[i - 1].Window)
            {
                throw new ArgumentException(
                    $"stage {i + 1}'s window ({stages[i].Window}) is larger than stage {i}'s ({stages[i - 1].Window}): " +
                    "a later stage reranks the top of the earlier stage's window", nameof(stages));
            }
        }

        Stages = stages;
        _timings = new StageTiming[stages.Count];
    }

    /// <summary>The stages, first to last.</summary>
    public IReadOnlyList<RescoreStage> Stages { get; }

    /// <summary>A snapshot of the time spent per stage so far.</summary>
    public StageTiming[] Timings
    {
        get
        {
            lock (_lock)
            {
                return (StageTiming[])_timings.Clone();
            }
        }
    }

    /// <summary>The Lucene rescorer of the whole chain for one query.</summary>
    public Rescorer ForQuery(string query) => new Bound(this, query);

    private void Add(int stage, StageTiming timing)
    {
        lock (_lock)
        {
            _timings[stage] += timing;
        }
    }

    private sealed class Bound : Rescorer
    {
        private readonly RescoreChain _chain;
        private readonly LuceneRerank.Rescoring.NeuralRescorer[] _rescorers;

        public Bound(RescoreChain chain, string query)
        {
            _chain = chain;
            _rescorers = chain.Stages.Select(s => s.Rescorer.ForQuery(query)).ToArray();
        }

        public override TopDocs Rescore(IndexSearcher searcher, TopDocs firstPassTopDocs, int topN)
        {
            var current = firstPassTopDocs;
            for (var i = 0; i < _rescorers.Length; i++)
            {
                var statistics = _chain.Stages[i].Statistics?.Statistics;
                var tokenization = statistics?.TokenizationTime ?? TimeSpan.Zero;
                var inference = statistics?.InferenceTime ?? TimeSpan.Zero;
                var start = Stopwatch.GetTimestamp();
                current = _rescorers[i].Rescore(searcher, current, current.ScoreDocs.Length);
                var elapsed = Stopwatch.GetElapsedTime(start);
                _chain.Add(i, new StageTiming(
                    elapsed,
                    statistics is null ? TimeSpan.Zero : statistics.TokenizationTime - tokenization,
                    statistics is null ? TimeSpan.Zero : statistics.InferenceTime - inference));
            }

            if (current.ScoreDocs.Length <= topN)
            {
                return current;
            }

            var top = current.ScoreDocs.Take(topN).ToArray();
            return new TopDocs(current.TotalHits, top, top.Length > 0 ? top.Max(d => d.Score) : float.NaN);
        }

        /// <summary>Each stage's explanation, the previous stage's being its first-pass explanation.</summary>
        public override Explanation Explain(IndexSearcher searcher, Explanation firstPassExplanation, int docId)
        {
            var explanation = firstPassExplanation;
            foreach (var rescorer in _rescorers)
            {
                explanation = rescorer.Explain(searcher, explanation, docId);
            }

            return explanation;
        }
    }
}

using LuceneRerank.Toolkit.Evaluation;
using LuceneRerank.Toolkit.Trec;

namespace LuceneRerank.Toolkit.Tests.Evaluation;

public sealed class TrecEvaluatorTests
{
    private static Qrels Qrels(params (string Q, string D, int G)[] judgements)
    {
        var qrels = new Qrels();
        foreach (var (q, d, g) in judgements)
        {
            qrels.TryAdd(q, d, g);
        }

        return qrels;
    }

    private static TrecRun Run(params (string Q, string D, int Rank, double Score)[] entries)
    {
        var run = new TrecRun();
        foreach (var (q, d, rank, score) in entries)
        {
            run.Add(new TrecRunEntry(q, d, rank, score, "t"));
        }

        return run;
    }

    [Test]
    public void TiesAreBrokenByDocumentIdDescendingAndTheRankColumnIsIgnored()
    {
        // Same score: trec_eval orders docid descending, so "b" (not relevant) comes before "a" (relevant).
        var qrels = Qrels(("q", "a", 1));
        var run = Run(("q", "a", 1, 5.0), ("q", "b", 2, 5.0));

        var report = TrecEvaluator.Evaluate(qrels, run, [Metric.Parse("mrr@10")]);

        Assert.That(report.Mean("mrr@10"), Is.EqualTo(0.5));
    }

    [Test]
    public void TieOrderIsOrdinalNotNumeric()
    {
        var sorted = TrecEvaluator.SortAsTrecEval([
            new TrecRunEntry("q", "10", 1, 1.0, "t"),
            new TrecRunEntry("q", "9", 2, 1.0, "t"),
            new TrecRunEntry("q", "x", 3, 2.0, "t"),
        ]);
        Assert.That(sorted.Select(e => e.DocumentId), Is.EqualTo(new[] { "x", "9", "10" }));
    }

    [Test]
    public void RunIsReSortedByScore()
    {
        var qrels = Qrels(("q", "good", 1));
        var run = Run(("q", "bad", 1, 1.0), ("q", "good", 2, 9.0));

        Assert.That(TrecEvaluator.Evaluate(qrels, run, [Metric.Parse("mrr")]).Mean("mrr"), Is.EqualTo(1.0));
    }

    [Test]
    public void CompleteModeCountsJudgedQueriesWithoutResultsAsZero()
    {
        var qrels = Qrels(("q1", "a", 1), ("q2", "b", 1));
        var run = Run(("q1", "a", 1, 1.0), ("q3", "z", 1, 1.0));
        var metrics = new[] { Metric.Parse("ndcg@10") };

        var complete = TrecEvaluator.Evaluate(qrels, run, metrics);
        var intersection = TrecEvaluator.Evaluate(qrels, run, metrics, new EvaluationOptions { CompleteQueries = false });

        Assert.That(complete.Mean("ndcg@10"), Is.EqualTo(0.5));
        Assert.That(complete.QueryIds, Is.EqualTo(new[] { "q1", "q2" }), "q3 is not judged and is ignored");
        Assert.That(complete.QueriesWithoutResults, Is.EqualTo(1));
        Assert.That(intersection.Mean("ndcg@10"), Is.EqualTo(1.0));
    }

    [Test]
    public void JudgedQueryWithNoRelevantDocumentCountsAsZero()
    {
        var qrels = Qrels(("q1", "a", 1), ("q2", "b", 0));
        var run = Run(("q1", "a", 1, 1.0), ("q2", "b", 1, 1.0));

        var report = TrecEvaluator.Evaluate(qrels, run, Metric.Defaults);

        Assert.That(report.PerQuery["q2"], Is.All.EqualTo(0.0));
        Assert.That(report.Mean("ndcg@10"), Is.EqualTo(0.5));
        Assert.That(report.Mean("map"), Is.EqualTo(0.5));
    }

    [Test]
    public void GradedLabelsFeedNdcgAndTheThresholdFeedsBinaryMetrics()
    {
        var qrels = Qrels(("q", "a", 1), ("q", "b", 2), ("q", "c", 0));
        var run = Run(("q", "a", 1, 3.0), ("q", "c", 2, 2.0), ("q", "b", 3, 1.0));
        Metric[] metrics = [Metric.Parse("ndcg@10"), Metric.Parse("mrr@10"), Metric.Parse("recall@2"), Metric.Parse("map")];

        var level1 = TrecEvaluator.Evaluate(qrels, run, metrics).PerQuery["q"];
        var level2 = TrecEvaluator.Evaluate(qrels, run, metrics, new EvaluationOptions { RelevanceThreshold = 2 }).PerQuery["q"];

        var ndcg = (1 + 2 / Math.Log2(4)) / (2 + 1 / Math.Log2(3));
        Assert.That(level1[0], Is.EqualTo(ndcg).Within(1e-12));
        Assert.That(level2[0], Is.EqualTo(ndcg).Within(1e-12), "nDCG ignores the threshold");
        Assert.That(level1[1], Is.EqualTo(1.0));
        Assert.That(level2[1], Is.EqualTo(1.0 / 3));
        Assert.That(level1[2], Is.EqualTo(0.5));
        Assert.That(level2[2], Is.EqualTo(0.0));
        Assert.That(level1[3], Is.EqualTo((1 + 2.0 / 3) / 2).Within(1e-12));
        Assert.That(level2[3], Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [Test]
    public void FormatterPrintsNameTabValueWithFourDecimalsThenPerQueryLines()
    {
        var qrels = Qrels(("q1", "a", 1), ("q2", "b", 1));
        var run = Run(("q1", "x", 1, 2.0), ("q1", "a", 2, 1.0), ("q2", "b", 1, 1.0));
        var report = TrecEvaluator.Evaluate(qrels, run, [Metric.Parse("mrr@10"), Metric.Parse("recall@1")]);
        var writer = new StringWriter();

        EvaluationReportFormatter.Write(writer, report, perQuery: true);

        Assert.That(writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "mrr@10\t0.7500", "recall@1\t0.5000",
            "mrr@10\tq1\t0.5000", "recall@1\tq1\t0.0000",
            "mrr@10\tq2\t1.0000", "recall@1\tq2\t1.0000",
        }));
    }

    [TestCase("ndcg@10", MetricKind.Ndcg, 10)]
    [TestCase("NDCG_CUT@5", MetricKind.Ndcg, 5)]
    [TestCase("mrr@10", MetricKind.Mrr, 10)]
    [TestCase("recall@100", MetricKind.Recall, 100)]
    [TestCase("p@20", MetricKind.Precision, 20)]
    [TestCase("map", MetricKind.Map, null)]
    [TestCase("mrr", MetricKind.Mrr, null)]
    public void ParsesMetricNames(string text, MetricKind kind, int? cutoff)
    {
        var metric = Metric.Parse(text);
        Assert.That(metric, Is.EqualTo(new Metric(kind, cutoff)));
        Assert.That(Metric.Parse(metric.Name), Is.EqualTo(metric));
    }

    [TestCase("ndcg")]
    [TestCase("ndcg@0")]
    [TestCase("ndcg@x")]
    [TestCase("bpref")]
    [TestCase("")]
    public void RejectsBadMetricNames(string text) =>
        Assert.Throws<FormatException>(() => Metric.ParseList(text));
}

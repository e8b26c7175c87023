using System.Globalization;
using System.Text.RegularExpressions;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Packaging.Tests;

/// <summary>
/// examples/LuceneRerank.QuickStart copied to a folder outside the repository, restored from the packed feed only
/// (third-party packages from the machine's package folder), built and run on a generated test cross-encoder.
/// </summary>
public sealed partial class QuickStartTests
{
    private string _app = "";
    private string _packages = "";
    private (int ExitCode, string Output)? _testModelRun;

    [OneTimeSetUp]
    public void BuildQuickStartFromPackages()
    {
        _app = CopyQuickStartOutsideRepository();
        _packages = Path.Combine(PackedFeed.Root, "quickstart-packages");
        ChildProcess.Dotnet(
            _app, TimeSpan.FromMinutes(5),
            "build", "-c", "Release", "-nodeReuse:false",
            $"-p:LuceneRerankVersion={PackedFeed.Version}",
            $"-p:RestorePackagesPath={_packages}",
            $"-p:RestoreAdditionalProjectFallbackFolders={MachinePackageFolder()}");
    }

    [Test]
    public void Quick_start_restores_LuceneRerank_from_the_packed_feed()
    {
        Assert.That(
            Path.Combine(_packages, "lucenererank", PackedFeed.Version.ToLowerInvariant(), $"lucenererank.{PackedFeed.Version.ToLowerInvariant()}.nupkg"),
            Does.Exist,
            "LuceneRerank was not restored from the packed feed");
        Assert.That(File.ReadAllText(Path.Combine(_app, "LuceneRerank.QuickStart.csproj")), Does.Not.Contain("ProjectReference"));
    }

    [Test]
    public void Quick_start_reranks_the_bm25_hits_and_prints_the_statistics()
    {
        var (exitCode, output) = RunOnTestModel();

        Assert.That(exitCode, Is.Zero, output);
        var firstPassHits = int.Parse(FirstPassLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var modelScores = RerankedLine().Matches(output)
            .Select(m => float.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(firstPassHits, Is.GreaterThan(1), output);
            Assert.That(output, Does.Contain("fallback: none"));
            Assert.That(modelScores, Has.Count.EqualTo(Math.Min(5, firstPassHits)), output);
            Assert.That(modelScores, Is.Ordered.Descending, "the reranked hits are not in model-score order");
            Assert.That(StatisticLine("passages scored", output), Is.EqualTo(firstPassHits), "every first-pass hit is in the window");
            Assert.That(StatisticLine("forward passes", output), Is.GreaterThanOrEqualTo(firstPassHits));
            Assert.That(StatisticLine("tokens processed", output), Is.GreaterThan(firstPassHits));
        });
    }

    [Test]
    public void Quick_start_prints_the_metrics_and_spans_of_its_rescorings()
    {
        var (exitCode, output) = RunOnTestModel();

        Assert.That(exitCode, Is.Zero, output);
        var spans = SpanLine().Matches(output).Select(m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(MetricCount("lucenererank.rescore.duration", output), Is.GreaterThanOrEqualTo(1));
            Assert.That(MetricCount("lucenererank.rerank.inference.duration", output), Is.GreaterThanOrEqualTo(1));
            Assert.That(MetricCount("lucenererank.rerank.pairs", output), Is.GreaterThanOrEqualTo(1));
            Assert.That(MetricCount("lucenererank.rescore.fallbacks", output), Is.EqualTo(1), "one stage fell back");
            Assert.That(spans, Does.Contain("lucenererank.rescore"), output);
            Assert.That(spans, Does.Contain("lucenererank.rerank"), output);
            Assert.That(spans, Does.Contain("lucenererank.cascade"), output);
            Assert.That(spans, Has.Exactly(2).EqualTo("lucenererank.cascade.stage"), output);
        });
    }

    [Test]
    public void Quick_start_cascade_falls_back_at_its_failing_stage_and_logs_a_warning()
    {
        var (exitCode, output) = RunOnTestModel();

        Assert.That(exitCode, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Match(@"(?m)^cascade stage 1: \S+, window 10, fallback None, "));
            Assert.That(output, Does.Match(@"(?m)^cascade stage 2: unavailable-llm, window 3, fallback RerankerFailed, "));
            Assert.That(output, Does.Match(
                @"(?m)^warn: LuceneRerank\.Rescoring\[1\]\s*\n\s+Rescoring fell back to the first-pass order \(RerankerFailed\): reranker unavailable-llm "));
        });
    }

    [Test]
    public void Quick_start_without_a_model_folder_prints_its_usage_and_exits_2()
    {
        var (exitCode, output) = RunQuickStart();

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("usage: LuceneRerank.QuickStart MODEL_FOLDER"));
    }

    /// <summary>The quick-start run on the generated cross-encoder, once for every test that reads its output.</summary>
    private (int ExitCode, string Output) RunOnTestModel() => _testModelRun ??= RunQuickStart(GeneratedModels.XenovaOneLabel);

    private (int ExitCode, string Output) RunQuickStart(params string[] arguments) =>
        ChildProcess.Run(
            "dotnet", _app, TimeSpan.FromMinutes(2),
            [Path.Combine(_app, "bin", "Release", "net10.0", "LuceneRerank.QuickStart.dll"), .. arguments]);

    private static string CopyQuickStartOutsideRepository()
    {
        var source = Path.Combine(TestPaths.RepositoryRoot, "examples", "LuceneRerank.QuickStart");
        var target = Path.Combine(PackedFeed.Root, "quickstart");
        Assert.That(target, Does.Not.StartWith(TestPaths.RepositoryRoot), "the copy must not see the repository's build files");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        // The app's own nuget.config names the repository's artifacts/packages; here the feed is the packed one.
        var config = Path.Combine(target, "nuget.config");
        var text = File.ReadAllText(config);
        Assert.That(text, Does.Contain("value=\"../../artifacts/packages\""));
        File.WriteAllText(config, text.Replace("value=\"../../artifacts/packages\"", $"value=\"{PackedFeed.Feed}\"", StringComparison.Ordinal));
        return target;
    }

    private static string MachinePackageFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static long StatisticLine(string name, string output)
    {
        var match = Regex.Match(output, "^  " + Regex.Escape(name) + @":\s+(\d+)\s*$", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"no '{name}' line in:\n{output}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long MetricCount(string instrument, string output)
    {
        var match = Regex.Match(output, "^  " + Regex.Escape(instrument) + @"\s+count\s+(\d+)  sum ", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"no '{instrument}' metric line in:\n{output}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^ +(lucenererank\.[a-z.]+) \d+[.,]\d ms ", RegexOptions.Multiline)]
    private static partial Regex SpanLine();

    [GeneratedRegex(@"^BM25 first pass: (\d+) hits\s*$", RegexOptions.Multiline)]
    private static partial Regex FirstPassLine();

    [GeneratedRegex(@"^  \d+\. \S+\s+model (-?\d+\.\d+)  \(bm25 rank \d+\)\s*$", RegexOptions.Multiline)]
    private static partial Regex RerankedLine();
}

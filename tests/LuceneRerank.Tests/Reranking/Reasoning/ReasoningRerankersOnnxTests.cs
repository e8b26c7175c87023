using System.Text.Json.Nodes;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Reasoning;
using LuceneRerank.Testing;
using LuceneRerank.Tests.Reranking.Llm;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>
/// Each reasoning method end to end on the tiny generated Qwen3 (random weights, real vocabulary) through
/// <see cref="Rerankers.Open"/> with the repository's manifest (limits shrunk to the tiny model's 512 positions). The
/// model writes noise, so these tests check the wiring against the generator run on its own: the same prompts, the
/// same greedy text, the same reasoning and answers reported, and every generation and token counted.
/// </summary>
public sealed class ReasoningRerankersOnnxTests : TempFolderFixture
{
    private const int MaxNewTokens = 24;

    private static readonly string[] Passages =
    [
        "Aspirin lowers the risk of heart attack in adults.",
        "The Eiffel tower is in Paris.",
        "Vitamin D deficiency is common in winter.",
        "Statins reduce cholesterol and cardiovascular events.",
        "Cats sleep for most of the day.",
        "Regular exercise improves heart health.",
    ];

    private OpenedReranker Open(string manifestFile, Action<JsonObject>? edit = null)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "models", manifestFile)))!.AsObject();
        manifest["maxLength"] = 512;
        var prompt = manifest["prompt"]!.AsObject();
        prompt["maxNewTokens"] = MaxNewTokens;
        prompt["maxPassageTokens"] = 16;
        edit?.Invoke(prompt);
        var path = Path.Combine(TempDir, manifestFile);
        File.WriteAllText(path, manifest.ToJsonString());
        return Rerankers.Open(path, new RerankerOpenOptions { ModelDirectory = LlmTestModels.TinyQwen3Gen });
    }

    /// <summary>What the generator alone writes for a prompt, split by the manifest's answer format.</summary>
    private static (GeneratedText Generated, GeneratedAnswer Parsed) Alone(OnnxTextGenerator generator, string prompt, ReasoningAnswerFormat format)
    {
        var stops = format.AnswerEnd.Length > 0 ? new[] { format.AnswerEnd } : [];
        var generated = generator.GenerateAsync([prompt], new GenerationOptions { MaxNewTokens = MaxNewTokens, StopStrings = stops }).GetAwaiter().GetResult()[0];
        return (generated, GeneratedAnswer.Parse(generated.Text, format));
    }

    private static void AssertSameAsAlone(IReadOnlyList<RerankReasoning> reasoning, Func<RerankReasoning, string> prompt, ReasoningAnswerFormat format, IRerankStatisticsSource source)
    {
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        long generated = 0, promptTokens = 0;
        foreach (var entry in reasoning)
        {
            var (alone, parsed) = Alone(generator, prompt(entry), format);
            Assert.That(entry.Text, Is.EqualTo(GeneratedAnswer.Cut(parsed.Reasoning, 600)), $"pass {entry.Pass}");
            Assert.That(entry.Answer, Is.EqualTo(GeneratedAnswer.Cut(parsed.Answer ?? "", 600)), $"pass {entry.Pass}");
            generated += alone.TokenIds.Count;
            promptTokens += alone.PromptTokens;
        }

        Assert.That(source.Statistics.ForwardPasses, Is.EqualTo(reasoning.Count));
        Assert.That(source.Statistics.GeneratedTokens, Is.EqualTo(generated));
        Assert.That(source.Statistics.TokensProcessed, Is.EqualTo(promptTokens));
    }

    [Test]
    public async Task Setwise_heap_sort_on_the_tiny_model_matches_the_generator_alone()
    {
        using var opened = Open("rank-r1-7b.json", prompt => prompt["setSize"] = 3);
        var reranker = (SetwiseReranker)opened.Inner;
        Assert.That(opened.Method, Is.EqualTo(RerankMethod.Setwise));

        var result = await reranker.ScoreWithReasoningAsync("does aspirin prevent heart attacks", Passages);

        Assert.That(result.Scores.Order(), Is.EqualTo(Enumerable.Range(1, Passages.Length).Select(i => (float)i)), "n − rank");
        // Heap sort over 6 with arity 2 and K' = 6: at least ceil(5 / 2) + min(5, 4) = 7 generations.
        Assert.That(result.Reasoning, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(reranker.ReasoningStatistics.Generations, Is.EqualTo(result.Reasoning.Count));
        var template = ReasoningPromptTemplate.FromManifest(opened.Manifest!);
        AssertSameAsAlone(result.Reasoning, e => reranker.BuildPrompt("does aspirin prevent heart attacks", [.. e.Passages.Select(i => Passages[i])]), template.AnswerFormat, reranker);
    }

    [Test]
    public async Task Reasoning_listwise_on_the_tiny_model_matches_the_generator_alone()
    {
        using var opened = Open("reasonrank-7b.json");
        var reranker = (ReasoningListwiseReranker)opened.Inner;

        var result = await reranker.ScoreWithReasoningAsync("heart health", Passages);

        Assert.That(result.Reasoning, Has.Count.EqualTo(1), "six passages fit one window of 20");
        Assert.That(result.Reasoning[0].Passages, Is.EqualTo(Enumerable.Range(0, Passages.Length)));
        var template = ReasoningPromptTemplate.FromManifest(opened.Manifest!);
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        var (_, parsed) = Alone(generator, reranker.BuildPrompt("heart health", Passages), template.AnswerFormat);
        var expected = parsed.Answer is null ? Enumerable.Range(0, Passages.Length).ToArray() : PermutationAnswer.Parse(parsed.Answer, Passages.Length).Order;
        Assert.That(RelevanceOracle.OrderOf(result.Scores), Is.EqualTo(expected), "the order the greedy answer gives, repaired");
        AssertSameAsAlone(result.Reasoning, _ => reranker.BuildPrompt("heart health", Passages), template.AnswerFormat, reranker);
    }

    [Test]
    public async Task Reasoning_pointwise_on_the_tiny_model_matches_the_generator_alone()
    {
        using var opened = Open("erank-4b.json");
        var reranker = (ReasoningPointwiseReranker)opened.Inner;

        var result = await reranker.ScoreWithReasoningAsync("heart health", Passages);

        Assert.That(result.Reasoning, Has.Count.EqualTo(Passages.Length));
        var template = ReasoningPromptTemplate.FromManifest(opened.Manifest!);
        using var generator = OnnxTextGenerator.Load(LlmTestModels.TinyQwen3Gen);
        for (var i = 0; i < Passages.Length; i++)
        {
            var (_, parsed) = Alone(generator, reranker.BuildPrompt("heart health", Passages[i]), template.AnswerFormat);
            var kind = ScoreAnswer.Read(parsed.Answer, template.MinScore, template.MaxScore, out var value, out _);
            Assert.That(result.Scores[i], Is.EqualTo(kind == ScoreAnswer.Kind.OnScale ? value : template.MinScore - 1), $"passage {i}");
        }

        var statistics = reranker.ReasoningStatistics;
        Assert.That(statistics.MissingAnswers + statistics.OutOfScaleAnswers + result.Scores.Count(s => s >= template.MinScore), Is.EqualTo(Passages.Length));
        AssertSameAsAlone(result.Reasoning, e => reranker.BuildPrompt("heart health", Passages[e.Passages.Single()]), template.AnswerFormat, reranker);
    }
}

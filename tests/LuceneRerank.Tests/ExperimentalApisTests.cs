using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using LuceneRerank.Reranking;
using LuceneRerank.Testing;
using NUnit.Framework;

namespace LuceneRerank.Tests;

/// <summary>
/// The public surface as applications see it: which types are experimental (LRR001, README "API stability") and that
/// implementation helpers stay out of it.
/// </summary>
[TestFixture]
public sealed class ExperimentalApisTests
{
    private static readonly Assembly s_library = typeof(IReranker).Assembly;

    private static readonly string[] s_experimental =
    [
        "LuceneRerank.Reranking.Generation.GeneratedText",
        "LuceneRerank.Reranking.Generation.GenerationOptions",
        "LuceneRerank.Reranking.Generation.GenerationStep",
        "LuceneRerank.Reranking.Generation.GenerationStopReason",
        "LuceneRerank.Reranking.Generation.ITextGenerator",
        "LuceneRerank.Reranking.Generation.OnnxTextGenerator",
        "LuceneRerank.Reranking.Generative.DecoderPromptLabelModel",
        "LuceneRerank.Reranking.Generative.IPromptLabelModel",
        "LuceneRerank.Reranking.Generative.T5PromptLabelModel",
        "LuceneRerank.Reranking.InContext.DecoderAttentionModel",
        "LuceneRerank.Reranking.InContext.IcrDocumentAttention",
        "LuceneRerank.Reranking.InContext.IcrPromptTemplate",
        "LuceneRerank.Reranking.InContext.IcrReranker",
        "LuceneRerank.Reranking.Listwise.ListwisePromptTemplate",
        "LuceneRerank.Reranking.Listwise.ListwiseReranker",
        "LuceneRerank.Reranking.Listwise.ListwiseRerankerOptions",
        "LuceneRerank.Reranking.Llm.QueryLikelihoodAggregation",
        "LuceneRerank.Reranking.Llm.QueryLikelihoodPromptTemplate",
        "LuceneRerank.Reranking.Llm.QueryLikelihoodReranker",
        "LuceneRerank.Reranking.Pairwise.PairwisePromptTemplate",
        "LuceneRerank.Reranking.Pairwise.PairwiseReranker",
        "LuceneRerank.Reranking.Pairwise.PairwiseRerankerOptions",
        "LuceneRerank.Reranking.Pairwise.PairwiseStrategy",
        "LuceneRerank.Reranking.Reasoning.ReasonedScores",
        "LuceneRerank.Reranking.Reasoning.ReasoningAnswerFormat",
        "LuceneRerank.Reranking.Reasoning.ReasoningListwiseReranker",
        "LuceneRerank.Reranking.Reasoning.ReasoningListwiseRerankerOptions",
        "LuceneRerank.Reranking.Reasoning.ReasoningPointwiseReranker",
        "LuceneRerank.Reranking.Reasoning.ReasoningPromptTemplate",
        "LuceneRerank.Reranking.Reasoning.ReasoningRerankerOptions",
        "LuceneRerank.Reranking.Reasoning.ReasoningStatistics",
        "LuceneRerank.Reranking.Reasoning.SetwiseReranker",
        "LuceneRerank.Reranking.Reasoning.SetwiseRerankerOptions",
        "LuceneRerank.Reranking.Reasoning.SetwiseStrategy",
    ];

    [Test]
    public void ExactlyTheListedPublicTypesAreExperimental()
    {
        var marked = s_library.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<ExperimentalAttribute>() is not null)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.That(marked, Is.EqualTo(s_experimental));
    }

    [Test]
    public void ExperimentalTypesReportLrr001AndLinkToTheReadmeSection()
    {
        foreach (var name in s_experimental)
        {
            var attribute = s_library.GetType(name, throwOnError: true)!.GetCustomAttribute<ExperimentalAttribute>()!;
            Assert.That(attribute.DiagnosticId, Is.EqualTo("LRR001"), name);
            Assert.That(attribute.UrlFormat, Does.EndWith("/README.md#api-stability"), name);
        }

        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.That(readme, Does.Contain("\n## API stability\n"), "the heading the diagnostic's link points at");
        Assert.That(readme, Does.Contain("<NoWarn>$(NoWarn);LRR001</NoWarn>"));
    }

    [Test]
    public void TokenizersEncodersAndOnnxSessionsAreNotPublic()
    {
        var exported = s_library.GetExportedTypes();

        Assert.That(exported.Where(t => t.Namespace == "LuceneRerank.Text").Select(t => t.FullName), Is.Empty);
        Assert.That(exported.Select(t => t.Name), Has.None.AnyOf(
            "OnnxSessionFactory", "OnnxModelSession", "OnnxExternalData", "T5EncoderDecoderModel", "NextTokenLogits",
            "PromptTokens", "SlidingWindows", "DecoderModelConfig", "BertModelConfig", "CrossEncoderModelFiles"));
    }
}

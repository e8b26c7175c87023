using LuceneRerank.Models;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// The prompt of a query-likelihood reranker (UPR, TSARankLLM): the model reads <see cref="Prefix"/> +
/// <see cref="Body"/> + <see cref="Suffix"/> and then, teacher-forced, <see cref="Continuation"/> (the query); the
/// score is the log-likelihood of the continuation's tokens.
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record QueryLikelihoodPromptTemplate
{
    /// <summary>Fixed text before the body. Never truncated.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The body with <c>{document}</c> (required, once) and optionally <c>{instruction}</c>. Only the document is truncated.</summary>
    public required string Body { get; init; }

    /// <summary>Fixed text after the body, just before the query (for example <c>"Query:"</c>). Never truncated.</summary>
    public string Suffix { get; init; } = "";

    /// <summary>The scored text, with <c>{query}</c>; default <c>" {query}"</c> (a leading space, as the query follows "Query:").</summary>
    public string Continuation { get; init; } = " {query}";

    /// <summary>The task instruction filling <c>{instruction}</c>.</summary>
    public string Instruction { get; init; } = "";

    /// <summary>How token log-probabilities are combined. Default <see cref="QueryLikelihoodAggregation.Mean"/>.</summary>
    public QueryLikelihoodAggregation Aggregation { get; init; } = QueryLikelihoodAggregation.Mean;

    /// <summary>
    /// The query-likelihood prompt of an <c>llm-query-likelihood</c> model manifest. Prompt keys: <c>template</c> (the
    /// body, required), <c>prefix</c>, <c>suffix</c>, <c>continuation</c> (default <c>" {query}"</c>),
    /// <c>instruction</c>, <c>aggregation</c> (<c>"mean"</c> or <c>"sum"</c>); any other key is an error.
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, a missing template, an unknown key or aggregation.</exception>
    public static QueryLikelihoodPromptTemplate FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(
            manifest,
            [ModelKinds.LlmQueryLikelihood],
            ["template", "prefix", "suffix", "continuation", "instruction", "aggregation"]);
        var aggregation = prompt.String("aggregation", "mean") switch
        {
            "mean" => QueryLikelihoodAggregation.Mean,
            "sum" => QueryLikelihoodAggregation.Sum,
            var other => throw prompt.Error($"aggregation \"{other}\" is not \"mean\" or \"sum\""),
        };
        return new QueryLikelihoodPromptTemplate
        {
            Prefix = prompt.String("prefix", ""),
            Body = prompt.Template,
            Suffix = prompt.Suffix(),
            Continuation = prompt.String("continuation", " {query}"),
            Instruction = prompt.String("instruction", ""),
            Aggregation = aggregation,
        };
    }
}

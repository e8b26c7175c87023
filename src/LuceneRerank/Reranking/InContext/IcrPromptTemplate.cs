using LuceneRerank.Models;

namespace LuceneRerank.Reranking.InContext;

/// <summary>
/// The prompt of in-context reranking (<see cref="IcrReranker"/>): <see cref="Prefix"/>, then for each passage
/// <see cref="Separator"/> + <see cref="Document"/>, then <see cref="Separator"/> + <see cref="Query"/> +
/// <see cref="Suffix"/>. Everything from the start of <see cref="Query"/> to the end is the query span whose attention
/// is read; each passage's span is the tokens of its <see cref="Document"/> entry (label included, as in the official
/// code). The calibration pass is the same prompt with <see cref="CalibrationQuery"/> as the query.
/// </summary>
[System.Diagnostics.CodeAnalysis.Experimental(ExperimentalApis.DiagnosticId, UrlFormat = ExperimentalApis.UrlFormat)]
public sealed record IcrPromptTemplate
{
    /// <summary>Fixed text before the passages (chat-template opening and the instruction). Never truncated.</summary>
    public string Prefix { get; init; } = "Here are some paragraphs:";

    /// <summary>One passage's entry, with <c>{document}</c> (required) and optionally <c>{index}</c> (1-based). Default <c>"[{index}] {document}"</c>.</summary>
    public string Document { get; init; } = "[{index}] {document}";

    /// <summary>Text before each passage's entry and before the query part. Default a blank line.</summary>
    public string Separator { get; init; } = "\n\n";

    /// <summary>The query part, with <c>{query}</c> (required): the start of the query span. Never truncated.</summary>
    public string Query { get; init; } = "Please find information that are relevant to the following query in the paragraphs above.\n\nQuery: {query}";

    /// <summary>Fixed text after the query (chat-template closing); part of the query span. Never truncated.</summary>
    public string Suffix { get; init; } = "";

    /// <summary>The content-free query of the calibration pass. Default <c>"N/A"</c>, as in the paper.</summary>
    public string CalibrationQuery { get; init; } = "N/A";

    /// <summary>Each passage is cut to at most this many tokens before windows are planned. Default 512.</summary>
    public int MaxDocumentTokens { get; init; } = 512;

    /// <summary>
    /// The ICR prompt of an <c>llm-icr</c> model manifest. Prompt keys: <c>template</c> (the passage entry, required),
    /// <c>prefix</c>, <c>separator</c>, <c>query</c>, <c>suffix</c>, <c>calibrationQuery</c>, <c>maxDocumentTokens</c>;
    /// absent keys take this record's defaults; any other key is an error.
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind, no prompt, a missing template, an unknown key or a key of the wrong type.</exception>
    public static IcrPromptTemplate FromManifest(ModelManifest manifest)
    {
        var prompt = ModelPromptReader.Open(
            manifest,
            [ModelKinds.LlmIcr],
            ["template", "prefix", "separator", "query", "suffix", "calibrationQuery", "maxDocumentTokens"]);
        var defaults = new IcrPromptTemplate();
        return new IcrPromptTemplate
        {
            Prefix = prompt.String("prefix", defaults.Prefix),
            Document = prompt.Template,
            Separator = prompt.String("separator", defaults.Separator),
            Query = prompt.String("query", defaults.Query),
            Suffix = prompt.Suffix(defaults.Suffix),
            CalibrationQuery = prompt.String("calibrationQuery", defaults.CalibrationQuery),
            MaxDocumentTokens = prompt.Int("maxDocumentTokens", defaults.MaxDocumentTokens),
        };
    }
}

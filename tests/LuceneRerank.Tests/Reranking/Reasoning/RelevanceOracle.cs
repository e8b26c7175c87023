using System.Globalization;
using System.Text.RegularExpressions;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>
/// Deterministic "models" for the reasoning rerankers: passages carry their true relevance as <c>rel=N</c>, and the
/// oracle reads the prompt, writes a short reasoning and the answer the method asks for. Oracle rankings are therefore
/// known exactly: by relevance, highest first.
/// </summary>
internal static partial class RelevanceOracle
{
    /// <summary>The prompt template the tests use: numbered entries (setwise, listwise) or one document (pointwise).</summary>
    public static LuceneRerank.Reranking.Reasoning.ReasoningPromptTemplate ListTemplate => new()
    {
        Prefix = "Query: {query} ({count} passages)\n",
        Entry = "[{label}] {passage}\n",
        Suffix = "Answer:",
        MaxNewTokens = 400,
        MaxLength = 100_000,
    };

    /// <summary>The pointwise template of the tests (scale 0–9 unless changed).</summary>
    public static LuceneRerank.Reranking.Reasoning.ReasoningPromptTemplate PointTemplate => new()
    {
        Prefix = "Judge. ",
        Entry = "Query: {query}\nDocument: {document}\n",
        Suffix = "Score:",
        MinScore = 0,
        MaxScore = 9,
        MaxNewTokens = 400,
        MaxLength = 100_000,
    };

    /// <summary>Passages <c>pN rel=R</c> with the given relevances.</summary>
    public static string[] Passages(params int[] relevance) =>
        [.. relevance.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"p{i} rel={r}"))];

    /// <summary>The entries of a prompt: (label, relevance), in prompt order.</summary>
    public static (int Label, int Relevance)[] Entries(string prompt) =>
        [.. Entry().Matches(prompt).Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    /// <summary>Setwise: names the most relevant entry (the first of equals).</summary>
    public static string Best(string prompt)
    {
        var entries = Entries(prompt);
        var best = entries.OrderByDescending(e => e.Relevance).ThenBy(e => e.Label).First();
        return $"<think>comparing {entries.Length} documents, [{best.Label}] has rel={best.Relevance}</think> <answer>[{best.Label}]</answer> trailing";
    }

    /// <summary>Listwise: the entries by relevance, highest first (stable).</summary>
    public static string Permutation(string prompt)
    {
        var entries = Entries(prompt);
        var order = entries.OrderByDescending(e => e.Relevance).ThenBy(e => e.Label).Select(e => $"[{e.Label}]");
        return $"<think>sorting {entries.Length} passages by rel</think>\n<answer>{string.Join(" > ", order)}</answer>";
    }

    /// <summary>Pointwise: the document's relevance as the score.</summary>
    public static string Score(string prompt) =>
        $"<think>the document says rel={Relevance(prompt)}</think><answer>{Relevance(prompt)}</answer>";

    /// <summary>The relevance in a pointwise prompt.</summary>
    public static int Relevance(string prompt) => int.Parse(Rel().Match(prompt).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Indexes of <paramref name="relevance"/> by relevance, highest first, ties by index.</summary>
    public static int[] IdealOrder(int[] relevance) =>
        [.. Enumerable.Range(0, relevance.Length).OrderByDescending(i => relevance[i]).ThenBy(i => i)];

    /// <summary>Indexes by score, highest first (ties by index).</summary>
    public static int[] OrderOf(float[] scores) =>
        [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i)];

    [GeneratedRegex(@"\[(\d+)\] p\d+ rel=(\d+)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"rel=(\d+)")]
    private static partial Regex Rel();
}

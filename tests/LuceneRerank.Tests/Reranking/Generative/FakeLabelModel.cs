using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;

namespace LuceneRerank.Tests.Reranking.Generative;

/// <summary>
/// A test double: one token per space-separated word, and label logits from a function of the decoded prompt. It
/// records every prompt the reranker sends, so tests can check which comparisons were made.
/// </summary>
internal sealed class FakeLabelModel : IPromptLabelModel
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _words = [];
    private readonly Func<string, IReadOnlyList<string>, float[]> _logits;
    private readonly object _lock = new();

    public FakeLabelModel(Func<string, IReadOnlyList<string>, float[]> logits, int maxLength = 100_000)
    {
        _logits = logits;
        MaxLength = maxLength;
    }

    public List<string> Prompts { get; } = [];

    public string Name => "fake";

    public int MaxLength { get; }

    public string ExecutionProvider => "";

    public string MemoryNote => "no memory";

    public int? SingleTokenId(string label) => label.Length == 0 || label.Contains(' ') ? null : Id(label);

    public int[] Encode(string prompt) => [.. Words(prompt).Select(Id)];

    public string TruncateToTokens(string text, int maxTokens) => string.Join(' ', Words(text).Take(maxTokens));

    public float[][] LabelLogits(IReadOnlyList<int[]> prompts, IReadOnlyList<int> labelIds, RerankStatistics statistics, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            statistics.AddForwardPasses(prompts.Count, prompts.Sum(p => p.Length));
            var labels = labelIds.Select(i => _words[i]).ToArray();
            return [.. prompts.Select(p =>
            {
                var text = string.Join(' ', p.Select(i => _words[i]));
                Prompts.Add(text);
                return _logits(text, labels);
            })];
        }
    }

    /// <summary>Occurrences of <paramref name="word"/> in <paramref name="text"/>, as whole words.</summary>
    public static int Count(string text, string word) => Words(text).Count(w => w == word);

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private int Id(string word)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(word, out var id))
            {
                id = _words.Count;
                _ids[word] = id;
                _words.Add(word);
            }

            return id;
        }
    }
}

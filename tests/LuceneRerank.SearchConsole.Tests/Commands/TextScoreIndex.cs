using LuceneRerank.Testing;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.SearchConsole.Tests.Commands;

/// <summary>
/// A six-document index in a temporary directory for <see cref="TextScoreReranker"/>: BM25 for "word" ranks d6 (six
/// "word"s) first down to d1; the texts' score= values are d1 7, d2 8, d3 6, d4 9, d5 5, d6 1, so the reranker turns
/// BM25's order around. Document di has title <c>ti</c> and text <c>"word" × i, "filler filler filler score=s"</c>.
/// </summary>
internal sealed class TextScoreIndex : IDisposable
{
    private static readonly int[] Scores = [0, 7, 8, 6, 9, 5, 1];

    private readonly string _root;

    public TextScoreIndex()
    {
        _root = TestPaths.NewTempDirectory();
        var lines = Enumerable.Range(1, 6).Select(i =>
            $$"""{"_id": "d{{i}}", "title": "t{{i}}", "text": "{{string.Join(' ', Enumerable.Repeat("word", i))}} filler filler filler score={{Scores[i]}}"}""");
        var corpus = System.IO.Path.Combine(_root, "corpus.jsonl");
        File.WriteAllText(corpus, string.Join("\n", lines) + "\n");
        Path = System.IO.Path.Combine(_root, "index");
        IndexBuilder.Build(corpus, Path);
    }

    /// <summary>The index directory.</summary>
    public string Path { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

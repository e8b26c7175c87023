using LuceneRerank.Testing;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>The Qwen3 tokenizer from <c>../shared/models/qwen3-tokenizer</c>, loaded once per test run.</summary>
internal static class Qwen3TestTokenizer
{
    private static readonly Lazy<ByteLevelBpeTokenizer> s_tokenizer = new(() => ByteLevelBpeTokenizer.FromDirectory(Directory));

    /// <summary>The folder holding Qwen3's <c>tokenizer.json</c> (the test is ignored when shared data is absent).</summary>
    public static string Directory => TestPaths.SharedFile("models", "qwen3-tokenizer");

    /// <summary>The loaded tokenizer.</summary>
    public static ByteLevelBpeTokenizer Instance
    {
        get
        {
            _ = Directory;
            return s_tokenizer.Value;
        }
    }
}

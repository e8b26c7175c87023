using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// The texts and token ids written by tests/generators/rust-tokenizers-reference/make-reference.mjs with Hugging Face's
/// Rust tokenizers library: the committed file (crafted texts and the CI seeds), or the file named by
/// <c>LUCENERERANK_RANDOM_TOKENIZER_CORPUS</c> for a longer run.
/// </summary>
internal static class RustTokenizersReference
{
    /// <summary>The environment variable naming a reference file made with more seeds or cases.</summary>
    public const string CorpusVariable = "LUCENERERANK_RANDOM_TOKENIZER_CORPUS";

    /// <summary>The file in use.</summary>
    public static string Path => Environment.GetEnvironmentVariable(CorpusVariable) is { Length: > 0 } path
        ? path
        : System.IO.Path.Combine(TestPaths.RepositoryRoot, "tests", "LuceneRerank.Tests", "Text", "TestData", "rust-tokenizers-reference.jsonl");

    /// <summary>The entries of <paramref name="tokenizer"/> (<c>bert</c> or <c>qwen3</c>).</summary>
    public static List<Entry> Entries(string tokenizer)
    {
        var entries = new List<Entry>();
        foreach (var line in File.ReadLines(Path).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("tokenizer").GetString() != tokenizer)
            {
                continue;
            }

            entries.Add(new Entry(
                root.GetProperty("source").GetString()!,
                root.TryGetProperty("seed", out var seed) ? seed.GetInt32() : null,
                root.TryGetProperty("case", out var number) ? number.GetInt32() : null,
                root.GetProperty("text").GetString()!,
                root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        }

        return entries;
    }

    /// <summary>Checks every entry; the failure lists the first mismatches with seed, case and escaped text to rerun them.</summary>
    public static void AssertAllEqual(IReadOnlyList<Entry> entries, Func<string, int[]> encode)
    {
        var mismatches = new List<string>();
        var failed = 0;
        foreach (var entry in entries)
        {
            var actual = encode(entry.Text);
            if (actual.SequenceEqual(entry.Ids))
            {
                continue;
            }

            failed++;
            if (mismatches.Count < 10)
            {
                var at = actual.Zip(entry.Ids).TakeWhile(p => p.First == p.Second).Count();
                mismatches.Add($"{entry.Describe()}: first difference at token {at}: C# [{string.Join(",", actual.Skip(at).Take(6))}] " +
                               $"vs Rust tokenizers [{string.Join(",", entry.Ids.Skip(at).Take(6))}]");
            }
        }

        Assert.That(failed, Is.Zero,
            $"{failed} of {entries.Count} texts differ from {Path} (rerun one seed: see tests/TestModels/README.md):\n{string.Join("\n", mismatches)}");
    }

    /// <summary>A text with non-ASCII characters escaped as <c>\uXXXX</c> / <c>\U{XXXXX}</c>, to paste into a test.</summary>
    public static string Escape(string text)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append($"\\U{{{char.ConvertToUtf32(c, text[++i]):X}}}");
            }
            else
            {
                builder.Append(c is >= ' ' and < '\x7f' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
            }
        }

        return builder.ToString();
    }

    /// <summary>One text and its reference ids.</summary>
    public sealed record Entry(string Source, int? Seed, int? Case, string Text, int[] Ids)
    {
        /// <summary>Where the text comes from and the text, escaped.</summary>
        public string Describe() =>
            (Seed is null ? Source : $"random seed {Seed} case {Case}") + $" text \"{Escape(Text)}\"";
    }
}

using System.Text.Json;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// tests/TestModels/XlmR/reference-ids.jsonl: texts and the ids the python sentencepiece library gives them (XLM-R
/// numbering), written by tests/TestModels/XlmR/make_tokenizer.py. Line numbers are those reference-logits.json of
/// the generated XLM-RoBERTa model refers to.
/// </summary>
internal static class XlmRobertaReference
{
    private static readonly Lazy<IReadOnlyList<(string Source, string Text, int[] Ids)>> s_lines = new(Load);

    /// <summary>The folder with the tokenizer files and the reference.</summary>
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "XlmR");

    /// <summary>The reference lines in file order.</summary>
    public static IReadOnlyList<(string Source, string Text, int[] Ids)> Lines => s_lines.Value;

    private static IReadOnlyList<(string Source, string Text, int[] Ids)> Load() =>
        File.ReadAllLines(Path.Combine(Folder, "reference-ids.jsonl")).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return (root.GetProperty("source").GetString()!, root.GetProperty("text").GetString()!,
                root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        }).ToList();
}

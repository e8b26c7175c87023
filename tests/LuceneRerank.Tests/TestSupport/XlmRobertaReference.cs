using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// tests/TestModels/XlmR/reference-ids.jsonl: the ids the python sentencepiece library gives SciFact texts (named by
/// id and SHA-256, rebuilt from ../shared) and crafted texts (inline), in XLM-R numbering, written by
/// tests/TestModels/XlmR/make_tokenizer.py. Line numbers are those reference-logits.json of the generated XLM-RoBERTa
/// model refers to.
/// </summary>
internal static class XlmRobertaReference
{
    private static readonly Lazy<IReadOnlyList<ReferenceIdLine>> s_lines = new(() => ReferenceIdFile.Read(FilePath));

    /// <summary>The folder with the tokenizer files and the reference.</summary>
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "TestModels", "XlmR");

    /// <summary>The reference file.</summary>
    public static string FilePath => Path.Combine(Folder, "reference-ids.jsonl");

    /// <summary>The reference lines in file order; SciFact texts are null when ../shared lacks them.</summary>
    public static IReadOnlyList<ReferenceIdLine> Lines => s_lines.Value;
}

using System.Text.Json;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// Token ids of <see cref="XlmRobertaTokenizer"/> (Microsoft.ML.Tokenizers' SentencePiece Unigram) against the python
/// sentencepiece library's, moved to XLM-R's numbering, recorded by tests/TestModels/XlmR/make_tokenizer.py on SciFact
/// passages, queries and crafted texts; loaded both from tokenizer.json and from sentencepiece.bpe.model.
/// </summary>
public sealed class XlmRobertaTokenizerTests
{
    private static readonly string s_folder = XlmRobertaReference.Folder;

    internal static XlmRobertaTokenizer FromJson() => XlmRobertaTokenizer.FromTokenizerJson(Path.Combine(s_folder, "tokenizer.json"));

    [TestCase("tokenizer.json", false)]
    [TestCase("sentencepiece.bpe.model", false)]
    [TestCase("tokenizer.json", true)]
    [TestCase("sentencepiece.bpe.model", true)]
    public void Ids_equal_the_python_sentencepiece_library(string file, bool sciFact)
    {
        if (sciFact)
        {
            SciFactText.RequireAvailable();
        }

        var path = Path.Combine(s_folder, file);
        var tokenizer = file.EndsWith(".json", StringComparison.Ordinal)
            ? XlmRobertaTokenizer.FromTokenizerJson(path)
            : XlmRobertaTokenizer.FromSentencePieceModel(path);
        var reference = XlmRobertaReference.Lines.Where(l => l.IsSciFact == sciFact).ToList();
        var mismatches = new List<string>();
        var tieReorderings = new List<string>();
        foreach (var line in reference)
        {
            var text = line.Text!;
            var actual = tokenizer.Encode(text);
            if (actual.SequenceEqual(line.Ids))
            {
                continue;
            }

            // Microsoft.ML.Tokenizers' Unigram Viterbi may break exact score ties (runs of one repeated character such
            // as "333" = "33"+"3" or "3"+"33") differently from the sentencepiece library; anything else is a mismatch.
            if (UnigramTies.IsTieReordering(line.Ids, actual))
            {
                tieReorderings.Add(text);
                continue;
            }

            mismatches.Add($"{line.Source} {line.Id} '{text[..Math.Min(60, text.Length)]}': {UnigramTies.FirstDifference(line.Ids, actual)}");
        }

        Assert.That(reference, Has.Count.GreaterThanOrEqualTo(sciFact ? 250 : 15));
        Assert.That(reference.Count(r => r.Text!.Any(c => c > 127)), Is.GreaterThanOrEqualTo(sciFact ? 100 : 5), "non-ASCII texts");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(5)));
        Assert.That(tieReorderings, Has.Count.LessThanOrEqualTo(Math.Max(1, reference.Count / 100)), "tie re-orderings must stay rare");
        TestContext.Out.WriteLine($"{file}: {reference.Count} texts, {tieReorderings.Count} equal-score tie re-orderings: " +
            string.Join(" | ", tieReorderings.Select(t => t[..Math.Min(40, t.Length)])));
    }

    [Test]
    public void Special_ids_follow_xlm_roberta_numbering_from_both_files()
    {
        var json = FromJson();
        var model = XlmRobertaTokenizer.FromSentencePieceModel(Path.Combine(s_folder, "sentencepiece.bpe.model"));
        foreach (var tokenizer in new[] { json, model })
        {
            Assert.That((tokenizer.BeginningOfSentenceId, tokenizer.PaddingId, tokenizer.EndOfSentenceId, tokenizer.UnknownId),
                Is.EqualTo((0, 1, 2, 3)));
        }

        // tokenizer.json: 4 specials + pieces from SentencePiece id 3 + <mask>; the .model: pieces + <pad> + <mask>.
        Assert.That(json.VocabularySize, Is.EqualTo(2000 + 2));
        Assert.That(model.VocabularySize, Is.EqualTo(json.VocabularySize));
    }

    [Test]
    public void A_run_of_unknown_characters_is_one_unknown_id()
    {
        var tokenizer = FromJson();
        var ids = tokenizer.Encode("cells \u0F00\u0F01\u0F02 cells");
        Assert.That(ids.Count(id => id == tokenizer.UnknownId), Is.EqualTo(1), string.Join(",", ids));
    }

    [Test]
    public void A_tokenizer_json_with_another_model_type_is_refused_naming_the_file()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "tokenizer.json");
            File.WriteAllText(path, """{"model": {"type": "BPE", "vocab": {}, "merges": []}}""");
            var e = Assert.Throws<InvalidDataException>(() => XlmRobertaTokenizer.FromTokenizerJson(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("'BPE'"));
            var loader = Assert.Throws<InvalidDataException>(() => PairTokenizerLoader.Load(null, path, null, null));
            Assert.That(loader!.Message, Does.Contain(path).And.Contain("'BPE'").And.Contain("WordPiece").And.Contain("Unigram"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_unigram_tokenizer_json_without_pair_tokens_or_metaspace_is_refused_naming_the_file()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "tokenizer.json");
            File.WriteAllText(path, """{"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["a", -1.0]]}, "pre_tokenizer": {"type": "Metaspace"}}""");
            var e = Assert.Throws<InvalidDataException>(() => XlmRobertaTokenizer.FromTokenizerJson(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("'<s>'"));
            File.WriteAllText(path, """{"model": {"type": "Unigram", "unk_id": 3, "vocab": [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]}, "pre_tokenizer": {"type": "ByteLevel"}}""");
            e = Assert.Throws<InvalidDataException>(() => XlmRobertaTokenizer.FromTokenizerJson(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("Metaspace"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using LuceneRerank.Testing;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>
/// The library's SentencePiece tokenizers (T5's and XLM-R's) against the python <c>sentencepiece</c> library on
/// Unigram and BPE models trained with non-default normalisation (nfkc, nmt_nfkc_cf, identity, extra whitespace kept,
/// no dummy prefix, whitespace as suffix; tests/generators/sentencepiece-normalisation/make_models.py, run into a
/// temporary folder): every text, including one-character texts, full-width and ligature characters, tabs and
/// characters outside the 16-bit range, must give sentencepiece's ids exactly.
/// </summary>
public sealed class SentencePieceNormalizationParityTests
{
    private static readonly Lazy<(string Folder, Reference Reference)> s_models = new(Generate);

    private sealed record ModelInfo(string Name, string Type, string Settings);

    private sealed record Reference(ModelInfo[] Models, string[] Texts, Dictionary<string, int[][]> Ids);

    private static IEnumerable<TestCaseData> Models()
    {
        foreach (var type in new[] { "unigram", "bpe" })
        {
            foreach (var setting in new[] { "nmt_nfkc", "nfkc", "nmt_nfkc_cf", "identity", "keep_extra_whitespaces", "no_dummy_prefix", "whitespace_suffix" })
            {
                yield return new TestCaseData($"{type}-{setting}").SetName($"SentencePiece {type} {setting}: T5 and XLM-R tokenizers equal python sentencepiece");
            }
        }
    }

    [TestCaseSource(nameof(Models))]
    public void IdsEqualPythonSentencePiece(string name)
    {
        var (folder, reference) = s_models.Value;
        var path = Path.Combine(folder, name + ".model");
        var expected = reference.Ids[name];
        var t5 = T5SentencePieceTokenizer.Load(path, extraIds: 0);
        var xlmr = XlmRobertaTokenizer.FromSentencePieceModel(path);
        var mismatches = new List<string>();
        for (var i = 0; i < reference.Texts.Length; i++)
        {
            var text = reference.Texts[i];
            var ids = t5.Encode(text, addEndOfSentence: false);
            if (!ids.SequenceEqual(expected[i]))
            {
                mismatches.Add($"T5 {JsonSerializer.Serialize(text)}: [{string.Join(",", ids)}] vs sentencepiece [{string.Join(",", expected[i])}]");
            }

            // XLM-R's fairseq numbering: piece id + 1, SentencePiece's <unk> 0 → 3.
            var fairseq = expected[i].Select(id => id == 0 ? 3 : id + 1);
            var xlmrIds = xlmr.Encode(text);
            if (!xlmrIds.SequenceEqual(fairseq))
            {
                mismatches.Add($"XLM-R {JsonSerializer.Serialize(text)}: [{string.Join(",", xlmrIds)}] vs [{string.Join(",", fairseq)}]");
            }
        }

        TestContext.Out.WriteLine($"{name}: {mismatches.Count} mismatches in {reference.Texts.Length} texts x 2 tokenizers");
        Assert.That(mismatches, Is.Empty, $"{name}: {mismatches.Count} mismatches of {2 * reference.Texts.Length}:\n{string.Join("\n", mismatches.Take(4).Select(m => m.Length > 300 ? m[..300] : m))}");
    }

    [Test]
    public void TheReferenceCoversTheNormalisationEdgeCases()
    {
        var texts = s_models.Value.Reference.Texts;
        Assert.Multiple(() =>
        {
            Assert.That(texts, Has.Some.Matches<string>(t => t!.Length == 1 && char.IsLetter(t[0])), "one-character texts");
            Assert.That(texts, Does.Contain("ﬁnding ＡＢＣ"), "full-width and ligature characters");
            Assert.That(texts, Has.Some.Contains('\t'), "tabs");
            Assert.That(texts, Has.Some.Matches<string>(t => t!.Any(char.IsSurrogate)), "characters outside the 16-bit range");
            Assert.That(s_models.Value.Reference.Models.Select(m => m.Type).Distinct(), Is.EquivalentTo(new[] { "unigram", "bpe" }));
        });
    }

    private static (string, Reference) Generate()
    {
        var scifact = Path.GetDirectoryName(TestPaths.SharedFile("data", "scifact", "corpus.jsonl"))!;
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Ignore("Debian's /usr/bin/python3 with python3-sentencepiece is needed to train the reference models.");
        }

        var output = TestPaths.NewTempDirectory();
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "generators", "sentencepiece-normalisation", "make_models.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(output);
        start.ArgumentList.Add(scifact);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_models.py failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var reference = JsonSerializer.Deserialize<Reference>(
            File.ReadAllText(Path.Combine(output, "reference.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        return (output, reference);
    }
}

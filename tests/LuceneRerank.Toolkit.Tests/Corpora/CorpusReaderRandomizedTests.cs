using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Testing;

namespace LuceneRerank.Toolkit.Tests.Corpora;

/// <summary>
/// Random corpora (ids, lengths, runes from every plane, bytes that are not UTF-8, malformed lines) read by
/// <see cref="CorpusReader"/> and compared with <see cref="RandomCorpus"/>'s reference of the rules. Every failure
/// names its seed; see <see cref="RandomCorpusSeeds"/> to rerun one or run more.
/// </summary>
public sealed class CorpusReaderRandomizedTests
{
    [Test]
    public void TheFixedSeedsCoverEveryCase()
    {
        var corpora = RandomCorpusSeeds.Fixed.Select(RandomCorpus.Generate).ToList();
        var cases = corpora.SelectMany(c => c.Cases.Keys).ToHashSet();

        Assert.That(cases, Is.SupersetOf(new[]
        {
            "plain id", "id with whitespace", "id over the term limit", "id at the term limit", "duplicate id",
            "malformed line", "empty document", "bytes that are not UTF-8", "runes beyond the 16-bit range",
        }));
        Assert.That(corpora.Select(c => c.Format).Distinct().Count(), Is.EqualTo(2), "both JSONL and TSV");
        Assert.That(corpora.Any(c => c.Documents.Count == 0), Is.True, "an empty (or all-bad) corpus");
        TestContext.Out.WriteLine($"{corpora.Count} corpora, {corpora.Sum(c => c.Documents.Count)} documents, " +
                                  $"{corpora.Sum(c => c.BadLines.Count)} bad lines: " +
                                  string.Join(", ", corpora.SelectMany(c => c.Cases).GroupBy(p => p.Key).Select(g => $"{g.Key} {g.Sum(p => p.Value)}")));
    }

    [Test]
    public void SkipBadReadsWhatTheRulesAccept()
    {
        foreach (var seed in RandomCorpusSeeds.All())
        {
            var expected = RandomCorpus.Generate(seed);
            using var files = new TempFiles();
            var path = files.PathOf("corpus" + expected.Extension);
            File.WriteAllBytes(path, expected.Bytes);

            var reader = new CorpusReader(path, expected.Format, skipBadLines: true);
            var documents = reader.ReadDocuments().ToList();

            Assert.Multiple(() =>
            {
                Assert.That(documents, Is.EqualTo(expected.Documents), expected.ToString());
                Assert.That(reader.SkippedLines, Is.EqualTo(expected.BadLines.Count), expected.ToString());
                Assert.That(reader.Problems.Select(p => p.LineNumber), Is.EqualTo(expected.BadLines.Take(20)), expected.ToString());
                Assert.That(reader.ReplacedBytes, Is.EqualTo(expected.ReplacedBytes), expected.ToString());
                Assert.That(reader.FirstReplacedLine, Is.EqualTo(expected.FirstReplacedLine), expected.ToString());
                Assert.That(reader.EmptyDocuments, Is.EqualTo(expected.EmptyDocuments), expected.ToString());
                Assert.That(reader.FirstEmptyDocumentLine, Is.EqualTo(expected.FirstEmptyDocumentLine), expected.ToString());
                Assert.That(reader.BytesRead, Is.EqualTo(expected.Bytes.Length), expected.ToString());
            });
        }
    }

    [Test]
    public void WithoutSkipBadTheFirstBadLineStopsTheReadNamingIt()
    {
        foreach (var seed in RandomCorpusSeeds.All())
        {
            var expected = RandomCorpus.Generate(seed);
            using var files = new TempFiles();
            var path = files.PathOf("corpus" + expected.Extension);
            File.WriteAllBytes(path, expected.Bytes);

            var reader = new CorpusReader(path, expected.Format);
            if (expected.BadLines.Count == 0)
            {
                Assert.That(reader.ReadDocuments().ToList(), Is.EqualTo(expected.Documents), expected.ToString());
                continue;
            }

            var error = Assert.Throws<CorpusFormatException>(() => reader.ReadDocuments().ToList(), expected.ToString())!;
            Assert.That(error.LineNumber, Is.EqualTo(expected.BadLines[0]), expected.ToString());
            Assert.That(error.Message, Does.StartWith($"{path}:{expected.BadLines[0]}: "), expected.ToString());
        }
    }
}

using LuceneRerank.LateInteraction;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.LateInteraction;

/// <summary>
/// <see cref="ColBertEncoder"/> on generated random-weight ColBERT models in both layouts against the independent numpy
/// reference (tests/TestModels/reference_colbert.py): token ids with markers and [MASK] augmentation built from
/// tokenizers.js ids, the attention mask of the expansion tokens, the skip-listed document positions, the normalised
/// token vectors (1e-4) and the MaxSim scores (1e-3). SciFact lines count when ../shared has the texts.
/// </summary>
public sealed class ColBertEncoderParityTests
{
    private static readonly string[] s_layouts = ["colbertv2-layout", "pylate-layout"];

    [TestCaseSource(nameof(s_layouts))]
    public void QueryIdsAndMaskAreTheReferences(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var encoder = ColBertEncoder.Load(model);
        var compared = 0;
        foreach (var query in reference.Queries.Where(q => q.Text is not null))
        {
            var (ids, mask) = encoder.Tokenizer.EncodeQuery(query.Text!, out _);
            Assert.That(ids.Select(i => (int)i), Is.EqualTo(query.InputIds), $"query ids of line {query.Line}");
            Assert.That(mask.Select(m => (int)m), Is.EqualTo(query.AttentionMask), $"query mask of line {query.Line}");
            compared++;
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(4));
        Assert.That(reference.Queries.Any(q => q.InputIds.Contains(encoder.Tokenizer.MaskId)), "some queries are augmented with [MASK]");
    }

    [TestCaseSource(nameof(s_layouts))]
    public void DocumentIdsAndKeptPositionsAreTheReferences(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var encoder = ColBertEncoder.Load(model);
        var compared = 0;
        foreach (var document in reference.Documents.Where(d => d.Text is not null))
        {
            var ids = encoder.Tokenizer.EncodeDocument(document.Text!);
            Assert.That(ids.Select(i => (int)i), Is.EqualTo(document.InputIds), $"document ids of line {document.Line}");
            var kept = Enumerable.Range(0, ids.Length).Where(i => encoder.Tokenizer.KeepsDocumentToken(ids[i]));
            Assert.That(kept, Is.EqualTo(document.Kept), $"kept positions of line {document.Line}");
            compared++;
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(10));
        Assert.That(reference.Documents.Any(d => d.Kept!.Length < d.InputIds.Length), "some punctuation is skipped");
        Assert.That(reference.Documents.Any(d => d.InputIds.Length == encoder.DocumentLength), "some documents are cut to the document length");
    }

    [TestCaseSource(nameof(s_layouts))]
    public void QueryVectorsAreTheReferences(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var encoder = ColBertEncoder.Load(model);
        foreach (var query in reference.Queries.Where(q => q.Text is not null))
        {
            AssertVectors(encoder.EncodeQuery(query.Text!), query, $"query line {query.Line}");
        }
    }

    [TestCase("colbertv2-layout", null)]
    [TestCase("pylate-layout", null)]
    [TestCase("colbertv2-layout", 1)]
    public void DocumentVectorsAreTheReferencesWhateverTheBatching(string layout, int? tokensPerBatch)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var encoder = ColBertEncoder.Load(model, new ColBertEncoderOptions { MaxTokensPerBatch = tokensPerBatch });
        var documents = reference.Documents.Where(d => d.Text is not null).ToList();
        var encoded = encoder.EncodeDocuments(documents.Select(d => d.Text!).ToList());
        for (var i = 0; i < documents.Count; i++)
        {
            AssertVectors(encoded[i], documents[i], $"document line {documents[i].Line}");
        }
    }

    [TestCaseSource(nameof(s_layouts))]
    public void MaxSimScoresAreTheReferences(string layout)
    {
        var model = Path.Combine(GeneratedColBertModels.Root, layout);
        var reference = ReferenceColBert.Load(model);
        using var encoder = ColBertEncoder.Load(model);
        var documents = encoder.EncodeDocuments(reference.Documents.Select(d => d.Text ?? "").ToList());
        var compared = 0;
        for (var q = 0; q < reference.Queries.Count; q++)
        {
            if (reference.Queries[q].Text is not { } text)
            {
                continue;
            }

            var query = encoder.EncodeQuery(text);
            for (var d = 0; d < documents.Count; d++)
            {
                if (reference.Documents[d].Text is null)
                {
                    continue;
                }

                Assert.That(MaxSim.Score(query, documents[d]), Is.EqualTo(reference.Scores[q][d]).Within(1e-3), $"query {q}, document {d}");
                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(40));
    }

    [Test]
    public void SettingsComeFromEachLayoutsFile()
    {
        using var colbert = ColBertEncoder.Load(GeneratedColBertModels.ColBertV2Layout);
        using var pylate = ColBertEncoder.Load(GeneratedColBertModels.PyLateLayout);
        Assert.Multiple(() =>
        {
            Assert.That(colbert.Layout, Is.EqualTo(ColBertLayout.ColBertV2));
            Assert.That((colbert.QueryLength, colbert.DocumentLength, colbert.Dimension), Is.EqualTo((32, 64, 16)));
            Assert.That(colbert.Tokenizer.QueryMarkerId, Is.EqualTo(1), "[unused0]");
            Assert.That(colbert.Tokenizer.DocumentMarkerId, Is.EqualTo(2), "[unused1]");
            Assert.That(pylate.Layout, Is.EqualTo(ColBertLayout.PyLate));
            Assert.That((pylate.QueryLength, pylate.DocumentLength, pylate.Dimension), Is.EqualTo((24, 48, 16)));
            Assert.That(pylate.Tokenizer.QueryMarkerId, Is.EqualTo(30522), "added token '[Q] '");
            Assert.That(pylate.Tokenizer.DocumentMarkerId, Is.EqualTo(30523), "added token '[D] '");
            Assert.That(string.Join("\n", pylate.Notes), Does.Contain("config_sentence_transformers.json").And.Contain("(attended)"));
            Assert.That(string.Join("\n", colbert.Notes), Does.Contain("artifact.metadata").And.Contain("(not attended)"));
        });
    }

    [Test]
    public void LengthOptionsOverrideTheFiles()
    {
        using var encoder = ColBertEncoder.Load(GeneratedColBertModels.ColBertV2Layout,
            new ColBertEncoderOptions { QueryLength = 8, DocumentLength = 10 });
        Assert.That(encoder.EncodeQuery("a b c d e f g h i j k").Count, Is.EqualTo(8));
        var document = encoder.EncodeDocuments(["one two three four five six seven eight nine ten eleven"])[0];
        Assert.That(document.Count, Is.EqualTo(10));
    }

    private static void AssertVectors(TokenEmbeddings actual, ReferenceColBertText expected, string what)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Embeddings.Length), $"{what}: rows");
        for (var row = 0; row < actual.Count; row++)
        {
            Assert.That(actual.Row(row).ToArray(), Is.EqualTo(expected.Embeddings[row]).Within(1e-4), $"{what}: row {row}");
        }
    }
}

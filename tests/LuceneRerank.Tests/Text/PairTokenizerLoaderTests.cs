using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;
using LuceneRerank.Text;

namespace LuceneRerank.Tests.Text;

/// <summary>How <see cref="PairTokenizerLoader"/> chooses between BERT WordPiece and XLM-RoBERTa SentencePiece.</summary>
public sealed class PairTokenizerLoaderTests
{
    private static string Bert => TestPaths.SharedFile("models", "bert-base-uncased-vocab", "vocab.txt");

    private static string XlmR(string file) => Path.Combine(XlmRobertaReference.Folder, file);

    [Test]
    public void Vocab_txt_gives_the_bert_pair_template_with_token_types()
    {
        var loaded = PairTokenizerLoader.Load(Bert, null, null, null, "bert");
        Assert.That((loaded.UsesTokenTypes, loaded.SpecialTokensPerPair, loaded.ReservedPositions), Is.EqualTo((true, 3, 0)));
        var encoder = loaded.CreateEncoder(64, 8);
        Assert.That(encoder, Is.TypeOf<BertPairEncoder>());
        var pair = encoder.EncodePair("cells", "tumour cells");
        Assert.That(pair.InputIds[0], Is.EqualTo(101));
        Assert.That(pair.TokenTypeIds[^1], Is.EqualTo(1));
    }

    [TestCase("tokenizer.json")]
    [TestCase("sentencepiece.bpe.model")]
    public void Unigram_files_give_the_xlm_roberta_pair_template_without_token_types(string file)
    {
        var loaded = file == "tokenizer.json"
            ? PairTokenizerLoader.Load(null, XlmR(file), null, null, "xlm-roberta")
            : PairTokenizerLoader.Load(null, null, null, XlmR(file), "xlm-roberta");
        Assert.That((loaded.UsesTokenTypes, loaded.SpecialTokensPerPair, loaded.ReservedPositions), Is.EqualTo((false, 4, 2)));
        var encoder = loaded.CreateEncoder(64, 8);
        Assert.That(encoder, Is.TypeOf<XlmRobertaPairEncoder>());
        var query = XlmRobertaReference.Lines.First(l => l.Text == "cancer").Ids;
        var pair = encoder.EncodePair("cancer", "");
        Assert.That(pair.InputIds, Is.EqualTo(new[] { 0 }.Concat(query).Concat([2, 2, 2])));
        Assert.That(encoder.PaddingTokenId, Is.EqualTo(1));
    }

    [Test]
    public void No_tokenizer_file_is_a_file_not_found_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PairTokenizerLoader.Load(null, null, null, null));
        Assert.That(e!.Message, Does.Contain("vocab.txt").And.Contain("tokenizer.json").And.Contain("sentencepiece.bpe.model"));
    }

    [Test]
    public void A_wordpiece_vocabulary_for_an_xlm_roberta_config_is_refused()
    {
        var bert = Bert; // resolved outside Throws: a missing ../shared ignores the test
        var e = Assert.Throws<InvalidDataException>(() => PairTokenizerLoader.Load(bert, null, null, null, "xlm-roberta", "/m/config.json"));
        Assert.That(e!.Message, Does.Contain("/m/config.json").And.Contain("'xlm-roberta'").And.Contain("WordPiece"));
    }
}

using LuceneRerank.Models;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.Models;

/// <summary>Reading config.json.</summary>
public sealed class BertModelConfigTests
{
    [Test]
    public void ReadsTheRealTinyBertConfig()
    {
        var config = BertModelConfig.Load(TestPaths.SharedFile("models", "bert-base-uncased-vocab", "config.json"));
        Assert.That(config.VocabularySize, Is.EqualTo(30522));
        Assert.That(config.MaxPositionEmbeddings, Is.EqualTo(512));
        Assert.That(config.LabelCount, Is.EqualTo(1));
        Assert.That(config.ModelType, Is.EqualTo("bert"));
    }

    [Test]
    public void BrokenConfigIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, "[1, 2");
            var e = Assert.Throws<InvalidDataException>(() => BertModelConfig.Load(path));
            Assert.That(e!.Message, Does.Contain(path));
            File.WriteAllText(path, "{\"num_labels\": 2}");
            Assert.That(BertModelConfig.Load(path), Is.EqualTo(new BertModelConfig { LabelCount = 2 }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase("0")]
    [TestCase("-512")]
    [TestCase("3")]
    [TestCase("1e30")]
    [TestCase("512.5")]
    [TestCase("\"512\"")]
    [TestCase("99999999999")]
    public void NonsensicalMaxPositionEmbeddingsIsNamedWithFileFieldAndValue(string value)
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, $"{{\"max_position_embeddings\": {value}}}");

            var bert = Assert.Throws<InvalidDataException>(() => BertModelConfig.Load(path))!;
            File.WriteAllText(path, $"{{\"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"max_position_embeddings\": {value}}}");
            var decoder = Assert.Throws<InvalidDataException>(() => LuceneRerank.Reranking.Llm.DecoderModelConfig.FromFile(path))!;

            foreach (var message in new[] { bert.Message, decoder.Message })
            {
                Assert.That(message, Does.StartWith(path + ": \"max_position_embeddings\" is " + value).And.Contain("expected an integer from 4 to 16777216"));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void ADecoderConfigWithZeroAttentionHeadsIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "config.json");
            File.WriteAllText(path, "{\"vocab_size\": 10, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 0}");

            var e = Assert.Throws<InvalidDataException>(() => LuceneRerank.Reranking.Llm.DecoderModelConfig.FromFile(path))!;

            Assert.That(e.Message, Is.EqualTo($"{path}: 'num_attention_heads' is 0; expected a positive integer."));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

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
}

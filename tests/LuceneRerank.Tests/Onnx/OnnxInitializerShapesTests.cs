using LuceneRerank.Onnx;
using LuceneRerank.Testing;
using LuceneRerank.Tests.TestSupport;

namespace LuceneRerank.Tests.Onnx;

/// <summary>Reading the word-embedding size from an ONNX file's protobuf.</summary>
public sealed class OnnxInitializerShapesTests
{
    [Test]
    public void FindsTheWordEmbeddingRows()
    {
        Assert.That(OnnxInitializerShapes.WordEmbeddingRows(Path.Combine(GeneratedModels.XenovaOneLabel, "onnx", "model.onnx")), Is.EqualTo(30522));
        Assert.That(OnnxInitializerShapes.WordEmbeddingRows(Path.Combine(GeneratedModels.BadVocabMismatch, "onnx", "model.onnx")), Is.EqualTo(1000));
    }

    [Test]
    public void GarbageGivesNull()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "model.onnx");
            File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);
            Assert.That(OnnxInitializerShapes.WordEmbeddingRows(path), Is.Null);
            File.WriteAllText(path, "this is not an ONNX model at all, just some text that is long enough");
            Assert.That(OnnxInitializerShapes.WordEmbeddingRows(path), Is.Null);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

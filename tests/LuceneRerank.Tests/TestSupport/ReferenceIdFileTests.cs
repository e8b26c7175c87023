namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// <see cref="ReferenceIdFile"/> and <see cref="SciFactText"/>: SciFact lines are rebuilt from ../shared, and a
/// reference made from other data fails naming the file, line and id rather than comparing the wrong text.
/// </summary>
public sealed class ReferenceIdFileTests : TempFolderFixture
{
    [Test]
    public void Crafted_and_scifact_lines_are_read_and_a_changed_text_is_refused_naming_the_line()
    {
        SciFactText.RequireAvailable();
        var good = XlmRobertaReference.Lines.First(l => l.Source == SciFactText.Queries);
        Assert.That(good.Text, Is.Not.Null.And.Not.Empty);

        var path = Path.Combine(TempDir, "ids.jsonl");
        File.WriteAllLines(path,
        [
            """{"source": "crafted", "text": "cells", "ids": [5, 6]}""",
            "",
            $$"""{"source": "scifact-queries", "id": "{{good.Id}}", "field": "text", "sha256": "{{new string('0', 64)}}", "ids": [1]}""",
        ]);
        var e = Assert.Throws<InvalidDataException>(() => ReferenceIdFile.Read(path))!;
        Assert.That(e.Message, Does.Contain(path + ":3").And.Contain($"scifact-queries {good.Id}").And.Contain("differs"));

        File.WriteAllLines(path, ["""{"source": "scifact-corpus", "id": "no-such-id", "field": "title+text", "sha256": "00", "ids": [1]}"""]);
        e = Assert.Throws<InvalidDataException>(() => ReferenceIdFile.Read(path))!;
        Assert.That(e.Message, Does.Contain(path + ":1").And.Contain("'no-such-id'"));

        File.WriteAllLines(path, ["""{"source": "crafted", "text": "cells", "ids": [5, 6]}""", """{"source": "web", "id": "1", "ids": [1]}"""]);
        e = Assert.Throws<InvalidDataException>(() => ReferenceIdFile.Read(path))!;
        Assert.That(e.Message, Does.Contain(path + ":2").And.Contain("'web'"));
    }

    [Test]
    public void Crafted_lines_keep_their_text()
    {
        var path = Path.Combine(TempDir, "ids.jsonl");
        File.WriteAllLines(path, ["""{"source": "crafted", "id": "0", "text": "tumour cells", "ids": [5, 6]}"""]);
        var line = ReferenceIdFile.Read(path).Single();
        Assert.That((line.Source, line.Id, line.Text, line.IsSciFact), Is.EqualTo(("crafted", "0", "tumour cells", false)));
        Assert.That(line.Ids, Is.EqualTo(new[] { 5, 6 }));
    }
}

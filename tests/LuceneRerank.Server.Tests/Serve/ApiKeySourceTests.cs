using LuceneRerank.Serve;
using LuceneRerank.Testing;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.Server.Tests.Serve;

/// <summary>Where lrr-serve reads API keys: an environment variable and a file of one key a line.</summary>
public sealed class ApiKeySourceTests
{
    [Test]
    public void Keys_come_from_the_variable_and_the_file_skipping_blank_and_comment_lines()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            var file = Path.Combine(folder, "keys");
            File.WriteAllLines(file, ["# team keys", "", "  key-two  ", "key-three"]);
            Environment.SetEnvironmentVariable("LRR_SERVE_KEY_SOURCE_TEST", "key-one");

            Assert.That(ApiKeySource.Read("LRR_SERVE_KEY_SOURCE_TEST", new FileInfo(file)), Is.EqualTo(new[] { "key-one", "key-two", "key-three" }));
            Assert.That(ApiKeySource.Read(null, null), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Test]
    public void A_missing_or_empty_key_file_is_refused_naming_it()
    {
        var folder = TestPaths.NewTempDirectory();
        try
        {
            var empty = Path.Combine(folder, "empty");
            File.WriteAllLines(empty, ["# nothing", " "]);

            Assert.That(() => ApiKeySource.Read(null, new FileInfo(Path.Combine(folder, "absent"))),
                Throws.TypeOf<FileNotFoundException>().With.Message.Contains("absent"));
            Assert.That(() => ApiKeySource.Read(null, new FileInfo(empty)),
                Throws.TypeOf<UsageException>().With.Message.Contains("holds no key"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
